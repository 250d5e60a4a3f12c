import { escapeHtml as e } from './html';

/** What a message says; the layout turns it into the plain-text and HTML parts. */
export interface EmailContent {
  subject: string;
  /** The header: the property's (or the host's business) name. */
  brand: string;
  /** "Hello <name>,": the only place the recipient's name is printed. */
  greeting: string;
  paragraphs: string[];
  /** Label and value lines, e.g. ["Total", "246,90 €"]. */
  facts?: [string, string][];
  /** Titled lists, e.g. the digest's arrivals. */
  sections?: { title: string; lines: string[] }[];
  /** The small print: who sends it, the booking's reference. */
  footer: string[];
}

export interface Email {
  subject: string;
  text: string;
  html: string;
}

/** The one layout of every email: header, greeting, body, facts, sections, footer; HTML-escaped. */
export function renderEmail(content: EmailContent): Email {
  const { subject, brand, greeting, paragraphs, facts = [], sections = [], footer } = content;
  const text = [
    brand,
    '='.repeat(Math.min(brand.length, 60)),
    '',
    greeting,
    '',
    ...paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(facts.length ? [...facts.map(([label, value]) => `${label}: ${value}`), ''] : []),
    ...sections.flatMap((section) => [section.title, ...section.lines.map((line) => `- ${line}`), '']),
    '--',
    ...footer,
  ].join('\n');
  const html = `<!doctype html><html><body style="margin:0;background:#f5f7fa;font-family:Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="16" cellspacing="0" style="background:#ffffff">
<tr><td style="background:#1f2933;color:#ffffff;font-size:20px;font-weight:bold">${e(brand)}</td></tr>
<tr><td>
<p>${e(greeting)}</p>
${paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('\n')}
${facts.length ? `<table role="presentation" cellpadding="4">${facts.map(([label, value]) => `<tr><td style="color:#52606d">${e(label)}:</td><td><b>${e(value)}</b></td></tr>`).join('')}</table>` : ''}
${sections.map((section) => `<h3>${e(section.title)}</h3><ul>${section.lines.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`).join('\n')}
</td></tr>
<tr><td style="color:#52606d;font-size:12px;border-top:1px solid #e4e7eb">${footer.map((line) => e(line)).join('<br>')}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}

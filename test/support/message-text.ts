/** Reading emails and PDFs as a reader sees them, for tests that check their wording. */

/** The HTML part as a reader sees it: tags out, entities decoded, every run of spaces (no-break ones too) one space. */
export const htmlText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Every run of white space as one space (PDF layout and line breaks out of the way). */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

export const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/**
 * bench/pdf: confirmation PDF render time, cold (Chromium starting) and warm (the shared browser).
 * Run: npm run bench:pdf   (figures go to docs/benchmarks.md)
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { PdfRenderer } from '../src/platform/pdf/pdf-renderer';
import { machine, ms, percentile, runBenchmark, timeEach, writeFigures } from './support';

const WARM = 40;

function sampleConfirmation(i: number): string {
  const rows = Array.from({ length: 7 }, (_, n) => `<tr><td>2027-08-0${n + 1} — Nightly rate</td><td>€145.00</td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:Arial;font-size:11pt} td{padding:3px}</style></head>
  <body><h1>Casa Olivo</h1><p>Booking confirmation SG-BENCH${i}</p><table>${rows}<tr><td>Total</td><td>€1,115.00</td></tr></table>
  <p>Flexible: full refund until 48 hours before check-in.</p></body></html>`;
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const renderer = new PdfRenderer(config.chromiumPath, createLogger('silent'));
  try {
    const coldStarted = performance.now();
    await renderer.render(sampleConfirmation(0));
    const cold = performance.now() - coldStarted;
    const warm = await timeEach(WARM, (i) => renderer.render(sampleConfirmation(i + 1)).then(() => undefined));
    const parallelStarted = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => renderer.render(sampleConfirmation(100 + i))));
    const parallel = performance.now() - parallelStarted;
    const lines = [
      `| cold: first render, Chromium starting | ${ms(cold)} |`,
      `| warm: p50 of ${WARM} sequential renders | ${ms(percentile(warm, 50))} |`,
      `| warm: p95 of ${WARM} sequential renders | ${ms(percentile(warm, 95))} |`,
      `| 10 renders at once (page pool of 2) | ${ms(parallel)} in all |`,
    ];
    console.log(lines.join('\n'));
    const file = await writeFigures(
      'pdf',
      `## Confirmation PDFs (\`npm run bench:pdf\`)

${new Date().toISOString().slice(0, 10)}, ${machine()}, Chromium at \`${config.chromiumPath}\`. An A4 confirmation with a
seven-night price table, rendered by the shared headless browser (\`src/platform/pdf/pdf-renderer.ts\`).

| case | time |
|---|---|
${lines.join('\n')}`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    await renderer.close();
  }
}

runBenchmark(main);

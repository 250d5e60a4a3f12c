import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import config from '../codegen';

/**
 * Exits 1 when src/generated/ differs from what `npm run codegen` would write from schema/*.graphql.
 * `--schema-dir DIR` checks against another copy of the SDL (the staleness test uses it).
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  process.chdir(root);
  const flag = process.argv.indexOf('--schema-dir');
  const schemaDir = flag > -1 ? process.argv[flag + 1] : undefined;
  const schema = schemaDir ? path.join(path.resolve(schemaDir), '*.graphql') : config.schema;
  const outputs = await generate({ ...config, schema, silent: true }, false);
  const stale = outputs.filter((output: { filename: string; content: string }) => {
    const current = readFileSync(path.resolve(root, output.filename), 'utf8');
    return current !== output.content;
  });
  if (stale.length) {
    process.stderr.write(`stale generated code: ${stale.map((o: { filename: string }) => o.filename).join(', ')}; run \`npm run codegen\`\n`);
    process.exit(1);
  }
  process.stdout.write('generated code is up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});

/**
 * Bundles the reference web app (web/src/main.tsx: React, urql, graphql-ws) into static files served at
 * /app/: index.html, app.js, app.css. Everything is local: the app makes no request to another origin.
 *
 *   npx tsx scripts/build-web.ts [outDir]
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { bundleForBrowser } from './browser-bundle';

const ENTRY = path.join('web', 'src', 'main.tsx');

/** Repository root, whether this file runs from scripts/ (tsx) or dist/scripts/ (tsc output). */
const projectRoot = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].find((dir) => existsSync(path.join(dir, ENTRY)));

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>staygraph</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/app/app.css">
  </head>
  <body>
    <div id="root"></div>
    <noscript>The staygraph app needs JavaScript.</noscript>
    <script src="/app/app.js"></script>
  </body>
</html>
`;

export async function buildWebApp(outDir = path.resolve(projectRoot ?? path.resolve(__dirname, '..'), 'dist', 'web')): Promise<string> {
  if (!projectRoot) throw new Error(`web app entry ${ENTRY} not found near ${__dirname}`);
  const dir = path.resolve(outDir);
  await fs.mkdir(dir, { recursive: true });
  await bundleForBrowser({ absWorkingDir: projectRoot, entryPoints: { app: path.join(projectRoot, ENTRY) }, outdir: dir, jsx: 'automatic' });
  // Written last: its presence means the build is complete (see ensureBuiltAssets).
  await fs.writeFile(path.join(dir, 'index.html'), INDEX_HTML);
  return dir;
}

if (require.main === module) {
  buildWebApp(process.argv[2]).then(
    (dir) => console.log(dir),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/**
 * Bundles the offline admin GraphQL explorer (src/explorer-ui/main.ts, GraphiQL 3)
 * into a directory of static files: index.html, explorer.js, explorer.css.
 *
 *   npx tsx scripts/build-explorer.ts [outDir]
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { bundleForBrowser } from './browser-bundle';

const ENTRY = path.join('src', 'explorer-ui', 'main.ts');

/** Repository root, whether this file runs from scripts/ (tsx) or dist/scripts/ (tsc output). */
const projectRoot = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].find((dir) =>
  existsSync(path.join(dir, ENTRY)),
);

// Layout rules appended to GraphiQL's stylesheet (no inline styles in index.html).
const LAYOUT_CSS = `
/* staygraph explorer */
html, body { height: 100%; margin: 0; }
#root { height: 100%; }
`;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>staygraph explorer</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="explorer.css">
  </head>
  <body>
    <div id="root"></div>
    <noscript>The staygraph explorer needs JavaScript.</noscript>
    <script src="explorer.js"></script>
  </body>
</html>
`;

export async function buildExplorer(outDir = path.resolve(projectRoot ?? path.resolve(__dirname, '..'), 'dist', 'explorer')): Promise<string> {
  if (!projectRoot) throw new Error(`explorer entry ${ENTRY} not found near ${__dirname}`);
  const dir = path.resolve(outDir);
  await fs.mkdir(dir, { recursive: true });

  await bundleForBrowser({ absWorkingDir: projectRoot, entryPoints: [path.join(projectRoot, ENTRY)], outfile: path.join(dir, 'explorer.js') });

  const graphiqlCss = await fs.readFile(require.resolve('graphiql/graphiql.min.css'), 'utf8');
  // The referenced .map file is not shipped, so drop the comment to avoid a 404.
  const css = graphiqlCss.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '') + LAYOUT_CSS;
  await fs.writeFile(path.join(dir, 'explorer.css'), css);

  // Written last: its presence means the build is complete (see ensureExplorerAssets).
  await fs.writeFile(path.join(dir, 'index.html'), INDEX_HTML);
  return dir;
}

if (require.main === module) {
  buildExplorer(process.argv[2]).then(
    (dir) => console.log(dir),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

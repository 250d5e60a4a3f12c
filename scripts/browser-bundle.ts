import { build, type BuildOptions } from 'esbuild';

/**
 * One production bundle for the browser (the explorer, the web app): minified, a single IIFE script for
 * ES2020 browsers, React in production mode, no licence comments or source maps. Errors are thrown (with
 * file:line details) instead of printed.
 */
export async function bundleForBrowser(options: Pick<BuildOptions, 'absWorkingDir' | 'entryPoints' | 'outfile' | 'outdir' | 'jsx'>): Promise<void> {
  await build({
    ...options,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'silent',
  });
}

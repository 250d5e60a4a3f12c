import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Makes sure a bundle built by a script in scripts/ (the explorer, the web app) exists in `assetsDir`. In
 * development (esbuild installed) a missing bundle is built on the fly; production installs have no esbuild
 * and rely on `npm run build`. Resolves to whether the assets are usable. `loadBuilder` requires the script
 * lazily, so esbuild is never loaded in production.
 */
export async function ensureBuiltAssets(
  name: string,
  assetsDir: string,
  loadBuilder: () => (outDir: string) => Promise<string>,
  log: (message: string) => void,
): Promise<boolean> {
  try {
    await fs.access(path.join(assetsDir, 'index.html'));
    return true;
  } catch {
    // not built yet
  }
  try {
    require.resolve('esbuild');
  } catch {
    log(`${name} assets missing: run \`npm run build\``);
    return false;
  }
  // Built aside and moved into place: servers starting together never serve (or build over) a half-written bundle.
  const aside = `${assetsDir}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    log(`${name} assets missing: building them into ${assetsDir}`);
    await loadBuilder()(aside);
    await fs.mkdir(path.dirname(assetsDir), { recursive: true });
    await fs.rename(aside, assetsDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another server finished first: its bundle is as good.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return true;
  } catch (error) {
    log(`${name} build failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    await fs.rm(aside, { recursive: true, force: true });
  }
}

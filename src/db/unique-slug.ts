import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The first free slug among base, base-2, base-3 … in `entity`'s slug column. A concurrent insert of the
 * same slug still fails on the unique index and is reported as CONFLICT.
 */
export async function uniqueSlug(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, base: string): Promise<string> {
  const rows = await manager
    .getRepository(entity)
    .createQueryBuilder('row')
    .select('row.slug', 'slug')
    .where('row.slug = :base OR row.slug LIKE :pattern', { base, pattern: `${base}-%` })
    .getRawMany<{ slug: string }>();
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone', 'timestamp', Date]);

/**
 * Builds an entity from a row that SQL returned as JSON (`to_jsonb(row)`), using the entity's column
 * metadata: names are mapped, timestamps become Dates and column transformers apply. It lets one statement
 * return whole rows for a page (and prime the dataloaders) instead of a second round of queries.
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, json: Record<string, unknown>): T {
  const metadata = db.getMetadata(entity);
  const instance = metadata.create() as T;
  for (const column of metadata.columns) {
    let value = json[column.databaseName];
    if (value === undefined) continue;
    if (value !== null && TIMESTAMP_TYPES.has(column.type)) value = new Date(value as string);
    const transformer = column.transformer;
    if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
    column.setEntityValue(instance, value);
  }
  return instance;
}

/**
 * The inverse of hydrate: an entity as `{ column_name: value }` for SQL that takes a row as JSON
 * (`jsonb_populate_record`). Column transformers apply; properties left undefined are left out, so the
 * columns' defaults apply.
 */
export function columnJson<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, instance: T): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const column of db.getMetadata(entity).columns) {
    let value: unknown = column.getEntityValue(instance);
    if (value === undefined) continue;
    const transformer = column.transformer;
    if (transformer && !Array.isArray(transformer)) value = transformer.to(value);
    json[column.databaseName] = value;
  }
  return json;
}

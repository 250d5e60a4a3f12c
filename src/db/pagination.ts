import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../platform/errors';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A Relay-style connection page. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return key;
    }
  } catch {
    // fall through: any malformed cursor is the client's mistake
  }
  throw badInput('after', 'Invalid cursor: pass an endCursor returned by this field');
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

export interface SortKey {
  /** An entity property holding a Date or a YYYY-MM-DD string; ties are broken by id. */
  property: 'createdAt' | 'checkIn';
  direction: 'ASC' | 'DESC';
}

const cursorValue = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/**
 * Keyset pagination over `query` by (key, id). Keyset rather than OFFSET: a page stays correct while rows
 * are inserted and costs the same on page 1 and page 1000. created_at columns are stored with millisecond
 * precision (see the migrations) so that a cursor carrying a JavaScript Date compares exactly.
 */
export async function paginateBy<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  key: SortKey,
  args: PageArgs,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const alias = query.alias;
  const totalCount = await query.clone().getCount();
  if (args.after) {
    const [value, id] = decodeCursor(args.after, 2);
    const comparison = key.direction === 'ASC' ? '>' : '<';
    query.andWhere(`(${alias}.${key.property}, ${alias}.id) ${comparison} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  const rows = await query
    .orderBy(`${alias}.${key.property}`, key.direction)
    .addOrderBy(`${alias}.id`, key.direction)
    .take(limit + 1)
    .getMany();
  const edges = rows.slice(0, limit).map((node) => ({
    cursor: encodeCursor([cursorValue(node[key.property]), node.id]),
    node,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** Newest first. */
export const paginateByCreation = <T extends ObjectLiteral & { createdAt: Date; id: string }>(query: SelectQueryBuilder<T>, args: PageArgs) =>
  paginateBy(query, { property: 'createdAt', direction: 'DESC' }, args);

import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isCalendarDate } from '../platform/calendar-dates';
import { badInput } from '../platform/errors';
import { isUuid } from '../platform/validation';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * A Relay-style connection page. `totalCount` may be a function: GraphQL's default resolver calls it only
 * when a query selects the field, so a page nobody counts costs no COUNT statement.
 */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | (() => Promise<number>);
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

/** What each position of a cursor holds; a cursor is refused unless every position holds its kind. */
export type CursorPart = 'timestamp' | 'date' | 'uuid' | 'offset';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CURSOR_PARTS: Record<CursorPart, (value: unknown) => boolean> = {
  // Exactly what Date#toISOString wrote, in years PostgreSQL accepts (0001 to 9999).
  timestamp: (value) =>
    typeof value === 'string' && ISO_INSTANT.test(value) && !value.startsWith('0000') && new Date(value).toISOString() === value,
  date: (value) => typeof value === 'string' && isCalendarDate(value),
  uuid: isUuid,
  offset: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
};

/**
 * Reads a cursor this API wrote. Anything else (not base64url, not JSON, another shape, a value of the
 * wrong kind such as a non-UUID id or an impossible date) is the client's mistake, refused before any SQL.
 */
export function decodeCursor(cursor: string, parts: readonly CursorPart[], field = 'after'): (string | number)[] {
  try {
    const key: unknown = /^[\w-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
    if (Array.isArray(key) && key.length === parts.length && parts.every((part, index) => CURSOR_PARTS[part](key[index]))) {
      return key as (string | number)[];
    }
  } catch {
    // fall through: any malformed cursor is the client's mistake
  }
  throw badInput(field, 'Invalid cursor: pass an endCursor returned by this field');
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

/** The kind of value each sort key writes into cursors (see cursorValue). */
const SORT_KEY_KIND: Record<SortKey['property'], CursorPart> = { createdAt: 'timestamp', checkIn: 'date' };

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
  // Counted only if selected, over the whole list (before the cursor's condition is added below).
  const countQuery = query.clone();
  let counted: Promise<number> | undefined;
  const totalCount = () => (counted ??= countQuery.getCount());
  if (args.after) {
    const [value, id] = decodeCursor(args.after, [SORT_KEY_KIND[key.property], 'uuid']);
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

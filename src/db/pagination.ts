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

/**
 * Keyset pagination over `query`, newest first by (createdAt, id). Keyset rather than OFFSET: a page stays
 * correct while rows are inserted and costs the same on page 1 and page 1000. created_at columns are stored
 * with millisecond precision (see the migrations) so that a cursor's Date compares exactly.
 */
export async function paginateByCreation<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const alias = query.alias;
  const totalCount = await query.clone().getCount();
  if (args.after) {
    const [createdAt, id] = decodeCursor(args.after, 2);
    query.andWhere(`(${alias}.createdAt, ${alias}.id) < (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: createdAt,
      cursorId: id,
    });
  }
  const rows = await query
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(limit + 1)
    .getMany();
  const edges = rows.slice(0, limit).map((node) => ({
    cursor: encodeCursor([node.createdAt.toISOString(), node.id]),
    node,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

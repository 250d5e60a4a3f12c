import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { DataSource, ValueTransformer } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { hydrate } from '../../db/hydrate';
import { type Connection, decodeCursor, encodeCursor, type PageArgs, pageSize } from '../../db/pagination';
import { HostProfile } from '../profiles/host-profile.entity';
import { Property } from './property.entity';
import { Room } from './room.entity';

/**
 * The property list's read path (issue 16): one statement per page. The GraphQL selection decides which
 * property columns are read and whether the page's rooms and hosts come along as JSON (`json_agg`, as
 * PostGraphile does), so `properties { rooms host }` is one round trip. Rows are plain objects shaped like
 * the entities (no TypeORM hydration); the field resolvers (visibility of rooms, money, the host's private
 * fields) take the rooms and host from them and apply the same rules as for any property. The hosts are also
 * primed into the request's dataloaders, for paths that reach them another way.
 */

/** What the page's GraphQL selection needs. `columns` null: every column (some field reads the whole row). */
export interface PropertyListSelection {
  columns: ReadonlySet<string> | null;
  rooms: boolean;
  host: boolean;
}

/** A room as the list reads it: every column GraphQL's Room shows, and its property's currency (for its prices). */
export type ListedRoom = Omit<Room, 'createdAt' | 'updatedAt'> & { propertyCurrency: string };

/**
 * What the page's statement read for each listed property, for its field resolvers to answer synchronously:
 * graphql-js completes a subtree without promises much faster (a promise per room and per property was
 * most of the list's CPU in the profile).
 */
const listed = new WeakMap<object, { rooms?: ListedRoom[]; host?: HostProfile }>();
export const listedRoomsOf = (property: object): ListedRoom[] | undefined => listed.get(property)?.rooms;
export const listedHostOf = (property: object): HostProfile | undefined => listed.get(property)?.host;

export interface PropertyListPage {
  connection: Connection<Property>;
  hosts: HostProfile[];
}

/** Property fields of the schema and the entity properties their resolvers read; any other field reads all. */
const FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Property)[]>> = {
  __typename: [],
  id: [],
  kind: ['kind'],
  name: ['name'],
  slug: ['slug'],
  description: ['description'],
  address: ['addressLine1', 'addressLine2', 'city', 'region', 'country', 'postalCode'],
  location: ['latitude', 'longitude'],
  timeZone: ['timeZone'],
  checkInTime: ['checkInTime'],
  checkOutTime: ['checkOutTime'],
  houseRules: ['houseRules'],
  amenities: ['amenities'],
  photos: ['photos'],
  currency: ['currency'],
  cancellationPolicy: ['cancellationPolicy'],
  paymentCollection: ['paymentCollection'],
  language: ['language', 'country'],
  bookingWindowDays: ['bookingWindowDays'],
  reassignmentCutoffDays: ['reassignmentCutoffDays'],
  rating: ['rating'],
  reviewCount: ['reviewCount'],
  active: [],
  host: [],
  rooms: [],
  createdAt: ['createdAt'],
};

/** Read by the list itself and by the rules around it (visibility, who manages it, rooms' prices). */
const ALWAYS: readonly (keyof Property)[] = ['id', 'hostProfileId', 'active', 'currency'];

function fieldsOf(selection: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: FieldNode[] = []): FieldNode[] {
  for (const node of selection?.selections ?? []) {
    if (node.kind === 'Field') into.push(node);
    else if (node.kind === 'InlineFragment') fieldsOf(node.selectionSet, info, into);
    else fieldsOf(info.fragments[node.name.value]?.selectionSet, info, into);
  }
  return into;
}

/**
 * Walks `properties { edges { node { … } } }` (fragments included; @skip/@include are ignored, which only
 * reads more). A field this table does not know (pricing, reviews, a later extension) makes it read every column.
 */
export function propertyListSelection(info: GraphQLResolveInfo): PropertyListSelection {
  const edges = info.fieldNodes.flatMap((field) => fieldsOf(field.selectionSet, info)).filter((field) => field.name.value === 'edges');
  const nodes = edges.flatMap((field) => fieldsOf(field.selectionSet, info)).filter((field) => field.name.value === 'node');
  const fields = nodes.flatMap((field) => fieldsOf(field.selectionSet, info)).map((field) => field.name.value);
  let columns: Set<string> | null = new Set(ALWAYS);
  for (const field of fields) {
    const needs = FIELD_COLUMNS[field];
    if (!needs) {
      columns = null;
      break;
    }
    for (const column of needs) columns.add(column);
  }
  return { columns, rooms: fields.includes('rooms'), host: fields.includes('host') };
}

export interface PropertyListQuery {
  /** SQL conditions on the `properties` row aliased `property`, with $n placeholders into `parameters`. */
  conditions: string[];
  parameters: unknown[];
}

const quote = (name: string) => `"${name}"`;
// Date#toISOString's form, from the stored millisecond timestamp: the cursor needs no Date parsed.
const CURSOR_KEY = `to_char(property.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A room as JSON: every column of the Room entity but its timestamps (the Room type shows none), keyed by
 * property name, plus its property's currency. Derived from the entity, so a new column reaches lists too.
 * Bigint columns come as text (exact), for their transformers. Built once per data source.
 */
interface RoomShape {
  sql: string;
  transformed: ColumnMetadata[];
}
const roomShapes = new WeakMap<DataSource, RoomShape>();

function roomShape(db: DataSource): RoomShape {
  let shape = roomShapes.get(db);
  if (!shape) {
    const columns = db.getMetadata(Room).columns.filter((column) => !column.isCreateDate && !column.isUpdateDate);
    const pairs = columns.map((column) => `'${column.propertyName}', r.${quote(column.databaseName)}${column.type === 'bigint' ? '::text' : ''}`);
    // Every room, active or not, in the order of RoomsService.findByPropertyIds: the resolver applies who sees which.
    const sql = `(SELECT coalesce(json_agg(json_build_object(${pairs.join(', ')}, 'propertyCurrency', property.currency)
      ORDER BY r.room_type_code, r.name, r.id), '[]'::json) FROM rooms r WHERE r.property_id = property.id)`;
    shape = { sql, transformed: columns.filter((column) => column.transformer && !Array.isArray(column.transformer)) };
    roomShapes.set(db, shape);
  }
  return shape;
}

/** Applies the columns' transformers (bigint as a number, …) to a row read by property name, in place. */
function transform<T extends Record<string, unknown>>(row: T, columns: readonly ColumnMetadata[]): T {
  for (const column of columns) {
    (row as Record<string, unknown>)[column.propertyName] = (column.transformer as ValueTransformer).from(row[column.propertyName]);
  }
  return row;
}

const HOST = `(SELECT to_jsonb(h) FROM host_profiles h WHERE h.id = property.host_profile_id)`;

/** Runs statements: the primary's `db.query`, or a replica's (ReadReplicas.query). */
export type RunQuery = <T>(sql: string, parameters: unknown[]) => Promise<T>;

/**
 * Runs the page's one statement (COUNT only if `totalCount` is resolved) and shapes its rows. `run` runs both
 * (the count later, when its resolver asks), so they go wherever the caller chose (a replica for the public).
 */
export async function listPropertyPage(
  db: DataSource,
  query: PropertyListQuery,
  selection: PropertyListSelection,
  page: PageArgs,
  run: RunQuery = (sql, parameters) => db.query(sql, parameters),
): Promise<PropertyListPage> {
  const limit = pageSize(page.first);
  const metadata = db.getMetadata(Property);
  const columns = metadata.columns.filter((column) => !selection.columns || selection.columns.has(column.propertyName));
  const select = columns.map((column) => `property.${quote(column.databaseName)} AS ${quote(column.propertyName)}`);
  select.push(`${CURSOR_KEY} AS "cursorKey"`);
  const room = roomShape(db);
  if (selection.rooms) select.push(`${room.sql} AS "rooms"`);
  if (selection.host) select.push(`${HOST} AS "host"`);

  const where = [...query.conditions];
  const parameters = [...query.parameters];
  let counted: Promise<number> | undefined;
  const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParameters = [...parameters];
  const totalCount = () =>
    (counted ??= run<{ count: number }[]>(`SELECT count(*)::int AS count FROM properties property ${countWhere}`, countParameters).then(
      (rows) => rows[0]!.count,
    ));
  if (page.after) {
    const [createdAt, id] = decodeCursor(page.after, ['timestamp', 'uuid']);
    parameters.push(createdAt, id);
    where.push(`(property.created_at, property.id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
  }
  parameters.push(limit + 1);
  const rows = await run<Record<string, unknown>[]>(
    `SELECT ${select.join(', ')} FROM properties property ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY property.created_at DESC, property.id DESC LIMIT $${parameters.length}`,
    parameters,
  );

  const transformed = columns.filter((column) => column.transformer && !Array.isArray(column.transformer));
  const hosts = new Map<string, HostProfile>();
  const edges = rows.slice(0, limit).map((row) => {
    transform(row, transformed);
    const cursor = encodeCursor([row['cursorKey'] as string, row['id'] as string]);
    const rooms = (row['rooms'] as ListedRoom[] | undefined)?.map((listedRoom) => transform(listedRoom, room.transformed));
    const rawHost = row['host'] as Record<string, unknown> | null | undefined;
    let host: HostProfile | undefined;
    if (rawHost) {
      host = hosts.get(rawHost['id'] as string) ?? hydrate(db, HostProfile, rawHost);
      hosts.set(host.id, host);
    }
    delete row['cursorKey'];
    delete row['rooms'];
    delete row['host'];
    if (rooms || host) listed.set(row, { rooms, host });
    // Only the selected columns: fine for this request's field resolvers, which read nothing else (see FIELD_COLUMNS).
    return { cursor, node: row as unknown as Property };
  });
  return {
    connection: { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount },
    hosts: [...hosts.values()],
  };
}

import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { DataSource } from 'typeorm';
import { safeInteger } from '../../db/column-transformers';
import { hydrate } from '../../db/hydrate';
import { type Connection, decodeCursor, encodeCursor, type PageArgs, pageSize } from '../../db/pagination';
import { HostProfile } from '../profiles/host-profile.entity';
import { Property } from './property.entity';
import type { Room } from './room.entity';

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

const ROOM_JSON = `json_build_object('id', r.id, 'propertyId', r.property_id, 'name', r.name, 'roomTypeCode', r.room_type_code,
  'roomTypeLabel', r.room_type_label, 'maxGuests', r.max_guests, 'includedGuests', r.included_guests, 'beds', r.beds,
  'sizeSquareMeters', r.size_square_meters, 'amenities', r.amenities, 'airConditioning', r.air_conditioning,
  'heating', r.heating, 'basePriceAmount', r.base_price_amount::text, 'active', r.active, 'propertyCurrency', property.currency)`;
// Every room, active or not, in the order of RoomsService.findByPropertyIds: the resolver applies who sees which.
const ROOMS = `(SELECT coalesce(json_agg(${ROOM_JSON} ORDER BY r.room_type_code, r.name, r.id), '[]'::json)
  FROM rooms r WHERE r.property_id = property.id)`;
const HOST = `(SELECT to_jsonb(h) FROM host_profiles h WHERE h.id = property.host_profile_id)`;

interface RawRoom extends Omit<ListedRoom, 'basePriceAmount'> {
  basePriceAmount: string;
}

/** Runs the page's one statement (COUNT only if `totalCount` is resolved) and shapes its rows. */
export async function listPropertyPage(
  db: DataSource,
  query: PropertyListQuery,
  selection: PropertyListSelection,
  page: PageArgs,
): Promise<PropertyListPage> {
  const limit = pageSize(page.first);
  const metadata = db.getMetadata(Property);
  const columns = metadata.columns.filter((column) => !selection.columns || selection.columns.has(column.propertyName));
  const select = columns.map((column) => `property.${quote(column.databaseName)} AS ${quote(column.propertyName)}`);
  select.push(`${CURSOR_KEY} AS "cursorKey"`);
  if (selection.rooms) select.push(`${ROOMS} AS "rooms"`);
  if (selection.host) select.push(`${HOST} AS "host"`);

  const where = [...query.conditions];
  const parameters = [...query.parameters];
  let counted: Promise<number> | undefined;
  const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParameters = [...parameters];
  const totalCount = () =>
    (counted ??= db
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM properties property ${countWhere}`, countParameters)
      .then((rows) => rows[0]!.count));
  if (page.after) {
    const [createdAt, id] = decodeCursor(page.after, ['timestamp', 'uuid']);
    parameters.push(createdAt, id);
    where.push(`(property.created_at, property.id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
  }
  parameters.push(limit + 1);
  const rows = await db.query<Record<string, unknown>[]>(
    `SELECT ${select.join(', ')} FROM properties property ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY property.created_at DESC, property.id DESC LIMIT $${parameters.length}`,
    parameters,
  );

  const transformed = columns.filter((column) => column.transformer && !Array.isArray(column.transformer));
  const hosts = new Map<string, HostProfile>();
  const edges = rows.slice(0, limit).map((row) => {
    for (const column of transformed) row[column.propertyName] = (column.transformer as { from(value: unknown): unknown }).from(row[column.propertyName]);
    const cursor = encodeCursor([row['cursorKey'] as string, row['id'] as string]);
    const rawRooms = row['rooms'] as RawRoom[] | undefined;
    const rooms = rawRooms?.map((room) => ({ ...room, basePriceAmount: safeInteger(room.basePriceAmount) }));
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

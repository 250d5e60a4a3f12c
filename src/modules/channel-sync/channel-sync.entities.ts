import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A secret export URL of a room (roomId set) or of a whole property; only the token's SHA-256 is kept. */
@Entity('calendar_export_tokens')
export class CalendarExportToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  propertyId: string;

  @Column('uuid', { nullable: true })
  roomId: string | null;

  @Column('bytea')
  tokenHash: Buffer;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}

/** An external calendar (Airbnb, Booking.com, Vrbo…) whose events close a room here. */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  roomId: string;

  @Column('text')
  name: string;

  @Column('text')
  url: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @Column('text', { nullable: true })
  etag: string | null;

  @Column('text', { nullable: true })
  lastModified: string | null;

  @Column('integer', { default: 0 })
  eventCount: number;

  @Column('integer', { default: 0 })
  emptyReads: number;

  @Column('timestamptz', { nullable: true })
  lastRunAt: Date | null;
}

export type FeedEventKind = 'RESERVED' | 'NOT_AVAILABLE';

/** An event of a feed as last applied: the link between the event and the blocks it made. */
@Entity('calendar_feed_events')
export class CalendarFeedEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  feedId: string;

  @Column('text')
  uid: string;

  @Column('text')
  kind: FeedEventKind;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;
}

export type SyncStatus = 'OK' | 'NOT_MODIFIED' | 'KEPT_LAST_GOOD' | 'FAILED';

/** One sync of one feed: the sync log. */
@Entity('calendar_sync_runs')
export class CalendarSyncRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  feedId: string;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz')
  finishedAt: Date;

  @Column('text')
  status: SyncStatus;

  @Column('integer')
  eventsSeen: number;

  @Column('integer')
  added: number;

  @Column('integer')
  changed: number;

  @Column('integer')
  removed: number;

  @Column('integer')
  conflicts: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', insert: false, update: false })
  recordedAt: Date;
}

/** An imported event that overlaps a direct reservation: the reservation stays, the overlap is recorded here. */
@Entity('calendar_conflicts')
export class CalendarConflict {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  feedId: string;

  @Column('uuid', { nullable: true })
  feedEventId: string | null;

  @Column('text')
  eventUid: string;

  @Column('uuid')
  reservationId: string;

  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;
}

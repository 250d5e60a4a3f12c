import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** created_at and updated_at, for entities that have both (TypeORM inherits decorated columns). */
export abstract class Timestamps {
  /** Stored with millisecond precision (see the migrations), so keyset cursors compare exactly. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

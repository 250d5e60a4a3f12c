import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MaintenanceJobName } from '../../config';

export type MaintenanceTrigger = 'CRON' | 'MANUAL';

@Entity('maintenance_runs')
export class MaintenanceRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  job: MaintenanceJobName;

  @Column('text')
  trigger: MaintenanceTrigger;

  /** The schedule tick a CRON run belongs to: unique per job, which makes a tick run once across instances. */
  @Column('timestamptz', { nullable: true })
  scheduledFor: Date | null;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Column('jsonb', { nullable: true })
  counts: Record<string, number> | null;

  @Column('text', { nullable: true })
  error: string | null;
}

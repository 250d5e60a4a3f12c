import type { DataSource } from 'typeorm';
import { MAINTENANCE_JOBS, type MaintenanceJobName } from '../../config';
import { badInput } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import { addJob, type JobRunner } from '../../platform/jobs/job-runner';
import type { Logger } from '../../platform/logger';
import type { MaintenanceJob } from './maintenance-jobs';
import { MaintenanceRun, type MaintenanceTrigger } from './maintenance-run.entity';

/** The job runner's task that runs a scheduled tick. */
export const MAINTENANCE_TASK = 'maintenance.run';

/** Runs maintenance jobs and records every run (job, trigger, times, counts, error). */
export class MaintenanceService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: Record<MaintenanceJobName, MaintenanceJob>,
    private readonly clock: Clock,
    private readonly log: Logger,
    runner: JobRunner,
  ) {
    runner.define(MAINTENANCE_TASK, async (payload) => {
      const job = payload['job'] as MaintenanceJobName;
      if (!MAINTENANCE_JOBS.includes(job)) throw new Error(`unknown maintenance job ${String(job)}`);
      await this.run(job, 'CRON', new Date(String(payload['tick'])));
    });
  }

  /**
   * A cron tick (every instance's node-cron fires it): one job keyed by (job, tick), so the queue holds it
   * once; whichever instance's worker takes it runs it. The (job, tick) row claimed in `run` stays the
   * guarantee once the job is done and its key free again (a late instance's add finds the tick taken).
   */
  async schedule(job: MaintenanceJobName, tick: Date): Promise<void> {
    await addJob(this.db, MAINTENANCE_TASK, { job, tick: tick.toISOString() }, { jobKey: `maintenance:${job}:${tick.toISOString()}`, jobKeyMode: 'unsafe_dedupe', maxAttempts: 3 });
  }

  /**
   * A CRON run first claims its (job, tick) row: with several instances, only the one whose insert wins
   * runs that tick. Returns null when another instance has it.
   */
  async run(job: MaintenanceJobName, trigger: MaintenanceTrigger, scheduledFor: Date | null = null): Promise<MaintenanceRun | null> {
    const claimed = await this.db
      .createQueryBuilder()
      .insert()
      .into(MaintenanceRun)
      .values({ job, trigger, scheduledFor, startedAt: this.clock.now() })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (claimed.raw as { id: string }[])[0]?.id;
    if (!id) return null;
    let counts: Record<string, number> | null = null;
    let error: string | null = null;
    try {
      counts = await this.jobs[job]();
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.log.error({ job, trigger, err: failure }, 'maintenance job failed');
    }
    await this.db.getRepository(MaintenanceRun).update({ id }, { finishedAt: this.clock.now(), counts, error });
    this.log.info({ job, trigger, counts, error }, 'maintenance run');
    return this.db.getRepository(MaintenanceRun).findOneByOrFail({ id });
  }

  /**
   * Runs the named jobs one after another (every job when none is named). The list is bounded: each job at
   * most once, so one request runs at most every job once.
   */
  async runNow(jobs: readonly MaintenanceJobName[] | null | undefined): Promise<MaintenanceRun[]> {
    const chosen = jobs ?? MAINTENANCE_JOBS;
    if (chosen.length === 0) throw badInput('jobs', 'jobs must name at least one job (leave it out to run every job)');
    if (chosen.length > MAINTENANCE_JOBS.length) throw badInput('jobs', `jobs may name at most ${MAINTENANCE_JOBS.length} jobs, each once`);
    const repeated = chosen.find((job, index) => chosen.indexOf(job) !== index);
    if (repeated) throw badInput('jobs', `jobs names ${repeated} more than once`);
    const runs: MaintenanceRun[] = [];
    for (const job of chosen) runs.push((await this.run(job, 'MANUAL'))!);
    return runs;
  }

  history(job: MaintenanceJobName | null | undefined, first: number): Promise<MaintenanceRun[]> {
    return this.db.getRepository(MaintenanceRun).find({
      where: job ? { job } : {},
      order: { startedAt: 'DESC' },
      take: Math.min(Math.max(first, 1), 200),
    });
  }
}

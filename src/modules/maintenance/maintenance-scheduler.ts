import cron, { type ScheduledTask } from 'node-cron';
import type { MaintenanceJobName } from '../../config';
import type { Logger } from '../../platform/logger';
import type { MaintenanceService } from './maintenance.service';

/**
 * node-cron is the clock: each job fires on its schedule in every instance, and each firing adds one keyed
 * job to the shared queue (the tick's time, to the second, is the key); the job runner runs it once.
 */
export class MaintenanceScheduler {
  private tasks: ScheduledTask[] = [];

  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly schedules: Record<MaintenanceJobName, string>,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const [job, expression] of Object.entries(this.schedules) as [MaintenanceJobName, string][]) {
      const task = cron.schedule(
        expression,
        async (context) => {
          const tick = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
          try {
            await this.maintenance.schedule(job, tick);
          } catch (error) {
            this.log.error({ job, err: error }, 'scheduling maintenance failed');
          }
        },
        { name: `maintenance:${job}`, noOverlap: true },
      );
      this.tasks.push(task);
    }
    this.log.info({ schedules: this.schedules }, 'maintenance cron started');
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks = [];
  }
}

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { RunsRepository } from '@ml/audit';
import { ConnectionsService, nextRunAfter } from '@ml/connections';
import { Metrics } from '@ml/runtime';
import { PollConnectionUseCase } from './poll-connection/poll-connection.usecase';

const TICK = 'poll-due-connections';

/**
 * Wakes every POLLER_TICK_MS, queues the full syncs whose own schedule has come, and polls the
 * connections whose schedule (cron + time zone) says they are due. Several poller replicas may
 * tick at once: the per-connection lease makes sure only one of them polls a given connection,
 * and a full-sync slot is moved (compare-and-set) by one of them only.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollScheduler.name);
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private current: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly connections: ConnectionsService,
    private readonly pollConnection: PollConnectionUseCase,
    private readonly runs: RunsRepository,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(
      TICK,
      setInterval(() => this.tick(), this.config.poller.tickMs),
    );
    this.logger.log(
      `poller ${this.holder} started, checking schedules every ${this.config.poller.tickMs} ms`,
    );
    this.tick();
  }

  /** Lets the poll in flight finish its window transaction, then stops. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
    await this.current;
  }

  tick(): void {
    if (this.current || this.stopping) return;
    this.current = this.pollDue()
      .catch((error: unknown) => this.logger.error(`poll tick failed: ${describe(error)}`))
      .finally(() => {
        this.current = undefined;
      });
  }

  private async pollDue(): Promise<void> {
    await this.queueDueFullSyncs(new Date());
    const now = new Date();
    for (const connection of await this.connections.dueConnections(now)) {
      if (this.stopping) return;
      // Book the next slot first, so a connection that keeps failing is not retried hot.
      await this.connections.scheduleNextRun(connection, now);
      const started = performance.now();
      const outcome = await this.pollConnection.execute(
        { connection, holder: this.holder, now },
        this.config.poller.leaseSeconds,
      );
      if (outcome.status !== 'busy') {
        this.metrics.pollSeconds.observe(
          { status: outcome.status },
          (performance.now() - started) / 1000,
        );
      }
      // A run requested while this one (or another poller's) was in progress goes next tick.
      if (await this.runs.hasQueued(connection.id))
        await this.connections.requestRunNow(connection.id);
      if (outcome.status !== 'busy') {
        this.logger.log(
          `connection ${connection.name}: run ${outcome.runId} ${outcome.status}, ` +
            `fetched ${outcome.fetched}, emitted ${outcome.emitted}, invalid ${outcome.invalid}`,
        );
      }
    }
  }

  /**
   * A connection's full-sync schedule queues a full run (re-read everything, send what HubSpot
   * does not hold as it is) and makes the connection due now. While another run is queued or
   * running, the slot stays due and is tried again next tick, so a full sync is never lost.
   */
  private async queueDueFullSyncs(now: Date): Promise<void> {
    for (const due of await this.connections.dueFullSyncs(now)) {
      if (this.stopping) return;
      const next = nextRunAfter(due.fullSyncSchedule, now);
      if (!(await this.connections.moveFullSync(due.id, due.nextFullSyncAt, next))) continue;
      const queued = await this.runs
        .enqueue(due.id, 'schedule', { full: true })
        .catch(async (error: unknown) => {
          await this.connections.moveFullSync(due.id, next, due.nextFullSyncAt);
          throw error;
        });
      if (queued.created) {
        await this.connections.requestRunNow(due.id);
        this.logger.log(
          `connection ${due.name}: scheduled full sync queued as run ${queued.runId}`,
        );
      } else {
        await this.connections.moveFullSync(due.id, next, due.nextFullSyncAt);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

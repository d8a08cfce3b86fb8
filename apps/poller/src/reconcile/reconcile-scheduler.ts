import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { nextRunAfter } from '@ml/connections';
import { ReconcileStateRepository } from './reconcile-state.repository';
import { ReconcileUseCase } from './reconcile.usecase';

/** A reconciliation still "running" after this long was abandoned by a poller that died. */
const ABANDONED_AFTER_MINUTES = 120;

/**
 * Every poller tick: queue the scheduled reconciliations whose slot has come (cron in the
 * connection's time zone; a schedule just set waits for its first slot), run the queued ones
 * (requested by the API or the schedule), and turn waiting repairs (from reconciliations and
 * webhooks) into replay runs. Several pollers may tick at once: claims skip locked rows.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly state: ReconcileStateRepository,
    private readonly reconcile: ReconcileUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.poller.tickMs);
    this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.current;
  }

  tick(): void {
    if (this.current || this.stopping) return;
    this.current = this.work()
      .catch((error: unknown) =>
        this.logger.error(
          `reconcile tick failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.current = undefined;
      });
  }

  private async work(): Promise<void> {
    await this.state.failAbandoned(ABANDONED_AFTER_MINUTES);
    for (const due of await this.state.dueScheduled()) {
      // From now, not from the slot that came: a poller down for days catches up once.
      const next = nextRunAfter({ cron: due.cron, timezone: due.timezone }, new Date());
      const taken = await this.state.takeScheduledSlot(due, next);
      if (taken === 'queued' || taken === 'covered') {
        this.logger.log(
          `scheduled reconciliation of connection ${due.connectionId} ` +
            `${taken === 'queued' ? 'queued' : 'covered by the one already queued or running'}, ` +
            `next at ${next.toISOString()}`,
        );
      }
    }
    for (
      let job = await this.state.claim();
      job && !this.stopping;
      job = await this.state.claim()
    ) {
      await this.reconcile.execute(job);
    }
    await this.state.drainRepairs();
  }
}

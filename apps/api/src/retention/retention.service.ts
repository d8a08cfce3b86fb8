import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval, Timeout } from '@nestjs/schedule';
import { AuditRetention, type PruneReport } from '@ml/audit';
import { APP_CONFIG, type AppConfig } from '@ml/config';

const DAY_MS = 86_400_000;
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_PRUNE_DELAY_MS = 60 * 1000;

/**
 * Prunes audit attempts and HubSpot request logs older than AUDIT_RETENTION_DAYS: a minute
 * after start, then hourly. Batched deletes with SKIP LOCKED make concurrent replicas harmless.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('AuditRetention');
  private running: Promise<PruneReport> | undefined;

  constructor(
    private readonly retention: AuditRetention,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Prunes once (a call while one runs joins it). */
  pruneNow(now: Date = new Date()): Promise<PruneReport> {
    if (!this.running) {
      const cutoff = new Date(now.getTime() - this.config.audit.retentionDays * DAY_MS);
      this.running = this.retention.prune(cutoff).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  @Timeout('audit-retention-first', FIRST_PRUNE_DELAY_MS)
  firstPrune(): Promise<void> {
    return this.scheduled();
  }

  @Interval('audit-retention', PRUNE_INTERVAL_MS)
  async scheduled(): Promise<void> {
    try {
      const report = await this.pruneNow();
      if (report.attempts + report.requests > 0) {
        this.logger.log(
          `pruned ${report.attempts} attempts and ${report.requests} HubSpot requests older than ` +
            `${this.config.audit.retentionDays} days`,
        );
      }
    } catch (error) {
      this.logger.error(`audit pruning failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}

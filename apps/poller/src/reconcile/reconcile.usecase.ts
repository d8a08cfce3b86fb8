import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ConnectionsService } from '@ml/connections';
import type { CrmObjectType } from '@ml/hubspot';
import {
  classifyListed,
  classifyUnlisted,
  propertiesToReadOf,
  type DriftItem,
} from './classify-drift';
import { DriftTally } from './drift-tally';
import { HubSpotReader } from './hubspot-reader';
import { ReconcileStateRepository, type ClaimedReconciliation } from './reconcile-state.repository';
import type { ReconcileWorkspace } from './reconcile-workspace.repository';

/** Known records no listed object carries, classified this many at a time. */
const UNLISTED_BATCH = 1_000;

const OBJECT_TYPE: Record<string, CrmObjectType> = {
  employee: 'contacts',
  vendor: 'companies',
  customer: 'companies',
};

/**
 * One reconciliation of one connection: read every HubSpot object of its object types back
 * (list endpoint, shared budget), compare with what was last sent, classify, and under
 * "PeopleSoft wins" (and not a dry run) queue the repairs through the normal writer path.
 * Page by page: each page of 100 objects is classified against the known records it concerns
 * and let go; what the end needs (which objects were listed, merged ids, the repairs) is kept
 * in Postgres, so the poller's memory does not grow with the number of records.
 */
@Injectable()
export class ReconcileUseCase {
  private readonly logger = new Logger(ReconcileUseCase.name);

  constructor(
    private readonly state: ReconcileStateRepository,
    private readonly connections: ConnectionsService,
    private readonly reader: HubSpotReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(job: ClaimedReconciliation): Promise<void> {
    let reads = 0;
    let workspace: ReconcileWorkspace | undefined;
    try {
      const connection = await this.connections.withSecrets(job.connectionId);
      if (!connection) throw new Error('the connection no longer exists');
      const entities = Object.keys(connection.peoplesoft.sources);
      const types = [...new Set(entities.map((e) => OBJECT_TYPE[e]).filter((t) => t))];
      const repairing = !job.dryRun && job.policy === 'peoplesoft-wins';
      const tally = new DriftTally(repairing, job.policy);
      const ws = (workspace = await this.state.openWorkspace(connection.id, entities));
      let repairsQueued = 0;
      const take = async (items: readonly DriftItem[]) => {
        tally.add(items);
        if (repairing) repairsQueued += await ws.stageRepairs(items);
      };
      for (const objectType of types) {
        reads += await this.reader.eachPage(
          connection,
          objectType,
          propertiesToReadOf(await ws.sentPropertyNames(objectType)),
          this.config.writer.hubspotTimeoutMs,
          async (page) =>
            take(classifyListed(objectType, await ws.listedRecords(objectType, page), page)),
        );
        await ws.eachUnlisted(objectType, UNLISTED_BATCH, (batch) =>
          take(batch.map((u) => classifyUnlisted(objectType, u)).filter((i) => i !== null)),
        );
      }
      if (repairing) {
        await ws.applyRepairs();
        await this.state.drainRepairs();
      }
      await this.state.finish(job.id, {
        reads,
        counts: tally.counts,
        examples: tally.examples,
        repairsQueued,
      });
      this.logger.log(
        `reconciled ${connection.name}: ${reads} reads, ${JSON.stringify(tally.counts)}, ` +
          `${repairsQueued} re-sends queued${job.dryRun ? ' (dry run)' : ''}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`reconciliation ${job.id} failed: ${message}`);
      await this.state.fail(job.id, reads, message);
    } finally {
      await workspace
        ?.close()
        .catch((error: unknown) =>
          this.logger.warn(
            `reconciliation ${job.id}: closing its workspace failed: ` +
              `${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }
  }
}

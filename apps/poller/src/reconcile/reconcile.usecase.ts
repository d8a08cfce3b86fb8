import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ConnectionsService } from '@ml/connections';
import type { CrmObjectType } from '@ml/hubspot';
import {
  classifyDrift,
  DRIFT_CLASSES,
  propertiesToRead,
  type DriftClass,
  type DriftItem,
  type ReconcilePolicy,
} from './classify-drift';
import { HubSpotReader } from './hubspot-reader';
import { ReconcileStateRepository, type ClaimedReconciliation } from './reconcile-state.repository';

/** Examples kept per class for `GET /connections/:id/drift`. */
export const EXAMPLES_PER_CLASS = 20;

const OBJECT_TYPE: Record<string, CrmObjectType> = {
  employee: 'contacts',
  vendor: 'companies',
  customer: 'companies',
};

/**
 * One reconciliation of one connection: read every HubSpot object of its object types back
 * (list endpoint, shared budget), compare with what was last sent, classify, and under
 * "PeopleSoft wins" (and not a dry run) queue the repairs through the normal writer path.
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
    try {
      const connection = await this.connections.withSecrets(job.connectionId);
      if (!connection) throw new Error('the connection no longer exists');
      const entities = Object.keys(connection.peoplesoft.sources);
      const records = await this.state.knownRecords(connection.id, entities);
      const types = [...new Set(entities.map((e) => OBJECT_TYPE[e]).filter((t) => t))];
      const items: DriftItem[] = [];
      for (const objectType of types) {
        const ofType = records.filter((r) => r.objectType === objectType);
        const listing = await this.reader.listAll(
          connection,
          objectType,
          propertiesToRead(ofType),
          this.config.writer.hubspotTimeoutMs,
        );
        reads += listing.calls;
        items.push(...classifyDrift(objectType, ofType, listing.objects));
      }
      const repairing = !job.dryRun && job.policy === 'peoplesoft-wins';
      const repairsQueued = repairing ? await this.state.applyRepairs(connection.id, items) : 0;
      if (repairing) await this.state.drainRepairs();
      const counts = countByClass(items);
      await this.state.finish(job.id, {
        reads,
        counts,
        examples: examplesOf(items, repairing, job.policy),
        repairsQueued,
      });
      this.logger.log(
        `reconciled ${connection.name}: ${reads} reads, ${JSON.stringify(counts)}, ` +
          `${repairsQueued} re-sends queued${job.dryRun ? ' (dry run)' : ''}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`reconciliation ${job.id} failed: ${message}`);
      await this.state.fail(job.id, reads, message);
    }
  }
}

function countByClass(items: readonly DriftItem[]): Record<DriftClass, number> {
  const counts = Object.fromEntries(DRIFT_CLASSES.map((c) => [c, 0])) as Record<DriftClass, number>;
  for (const item of items) counts[item.class] += 1;
  return counts;
}

/** The first examples of each class, with what was done or, if not repairing, would be done. */
function examplesOf(
  items: readonly DriftItem[],
  repaired: boolean,
  policy: ReconcilePolicy,
): Record<string, unknown[]> {
  const examples: Record<string, unknown[]> = {};
  for (const item of items) {
    const list = (examples[item.class] ??= []);
    if (list.length >= EXAMPLES_PER_CLASS) continue;
    list.push({
      entity: item.entity,
      sourceId: item.sourceId,
      objectType: item.objectType,
      hubspotId: item.hubspotId,
      ...(item.survivorId ? { survivorId: item.survivorId } : {}),
      ...(item.changed ? { changed: item.changed } : {}),
      detail: item.detail,
      action: actionOf(item, repaired, policy),
    });
  }
  return examples;
}

function actionOf(item: DriftItem, repaired: boolean, policy: ReconcilePolicy): string {
  if (item.repair === 'none') return item.class === 'orphaned' ? 'reported' : 'none';
  const what =
    item.repair === 'follow-merge'
      ? `stored HubSpot id set to ${item.survivorId}`
      : 'PeopleSoft values re-sent through the writer';
  if (repaired) return what;
  return policy === 'report-only' ? `reported (would be: ${what})` : `dry run (would be: ${what})`;
}

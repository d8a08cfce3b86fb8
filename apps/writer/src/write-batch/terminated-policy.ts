import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HubSpotRequestsRepository } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import { HubSpotWriteFailure, type HubSpotWritePort } from './hubspot-write.port';
import type { SendOutcome } from './send-with-retries';

const logger = new Logger('TerminatedPolicy');

export interface TerminatedPolicyInput {
  readonly manager: EntityManager;
  readonly connection: ConnectionWithSecrets | null;
  readonly port: HubSpotWritePort | null;
  readonly events: readonly ChangeEvent[];
  readonly sent: SendOutcome;
  readonly requestLog: HubSpotRequestsRepository;
}

/**
 * The connection's terminated-policy `archive`, applied after the batch's upserts inside the
 * writer's record locks: terminated records just written are archived in HubSpot (one call per
 * batch; the audit trail keeps them) and flagged `hubspot_archived`, so a reconcile expects
 * them archived. A rehire needs no call: its upsert on the archived object's unique id
 * restores it (or HubSpot recreates it; either way the writer stores the id it answers), and
 * the flag is cleared. A transient failure throws: the transaction rolls back and the
 * messages return to the queue, so the upsert and the archive are both tried again (both are
 * idempotent). Under the default `set-status` policy this does nothing.
 */
export async function applyTerminatedPolicy(input: TerminatedPolicyInput): Promise<void> {
  const { connection, port, manager, sent } = input;
  if (!connection || !port || connection.terminatedPolicy !== 'archive') return;
  const written = input.events.flatMap((event) => {
    const result = sent.results.get(event.eventId);
    return result?.ok ? [{ event, hubspotId: result.hubspotId }] : [];
  });
  const toArchive = written.filter((w) => w.event.lifecycle === 'terminated');
  const restored = written.filter((w) => w.event.lifecycle !== 'terminated');
  const objectType = written[0]?.event.objectType;
  if (!objectType) return;
  let archived = false;
  if (toArchive.length > 0 && port.archive) {
    try {
      const request = await port.archive(
        objectType,
        toArchive.map((w) => w.hubspotId),
      );
      await input.requestLog.write(manager, connection.id, [{ ...request, attempt: 1 }]);
      archived = true;
    } catch (error) {
      const permanent =
        error instanceof HubSpotWriteFailure &&
        (error.kind === 'auth' || error.kind === 'fatal' || error.kind === 'validation');
      if (!permanent) throw error;
      // Retrying will not help: the records stay live and synced, and the log says why.
      logger.warn(`archiving ${toArchive.length} terminated records failed: ${error.message}`);
    }
  }
  await setArchivedFlag(
    manager,
    connection.id,
    archived ? toArchive.map((w) => w.event) : [],
    true,
  );
  await setArchivedFlag(
    manager,
    connection.id,
    restored.map((w) => w.event),
    false,
  );
}

async function setArchivedFlag(
  manager: EntityManager,
  connectionId: string,
  events: readonly ChangeEvent[],
  archived: boolean,
): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `UPDATE sync_records SET hubspot_archived = $4
      WHERE connection_id = $1 AND entity = $2 AND source_id = ANY($3::text[])
        AND hubspot_archived <> $4`,
    [connectionId, events[0]?.entity, events.map((e) => e.sourceId), archived],
  );
}

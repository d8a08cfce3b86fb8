import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditRepository, type RecordOutcome, type RecordState } from '@ml/audit';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import type { ConnectionWithSecrets } from '@ml/connections';
import { LAST_SYNCED_PROPERTY } from '@ml/mapping';
import { Metrics } from '@ml/runtime';
import type { ChangeEvent } from '@ml/messaging';
import { HubSpotRateLimiter } from '../rate-limit/hubspot-rate-limiter';
import { ConnectionCache } from './connection-cache';
import { HubSpotPortFactory } from './hubspot-port.factory';
import type { UpsertInput } from './hubspot-write.port';
import { sendWithRetries, type SendResult } from './send-with-retries';

/** One change event and what to do with its message once its outcome is durable. */
export interface BatchItem {
  readonly event: ChangeEvent;
  /** Called after the audit rows are committed: ack, or dead-letter with a reason. */
  settle(outcome: 'ack' | 'dead-letter', reason?: string): Promise<void>;
}

/**
 * Writes one batch (one connection, one entity) to HubSpot: drops superseded, stale and
 * unchanged events, upserts the rest keyed on the PeopleSoft id, audits every outcome, and only
 * then settles the messages. Anything thrown here leaves the messages unsettled for redelivery.
 */
@Injectable()
export class WriteBatchUseCase {
  private readonly logger = new Logger(WriteBatchUseCase.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly connections: ConnectionCache,
    private readonly ports: HubSpotPortFactory,
    private readonly limiter: HubSpotRateLimiter,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(items: readonly BatchItem[]): Promise<void> {
    const first = items[0];
    if (!first) return;
    const { connectionId, entity } = first.event;
    const connection = await this.connections.get(connectionId);
    const outcomes: RecordOutcome[] = [];
    const deadLetters = new Map<BatchItem, string>();

    const newest = newestPerRecord(items);
    const states = await this.audit.findStates(connectionId, entity, [...newest.keys()]);
    const toSend: BatchItem[] = [];
    for (const item of items) {
      const e = item.event;
      const state = states.get(e.sourceId);
      if (newest.get(e.sourceId) !== item) {
        outcomes.push(
          outcomeOf(e, 'superseded', {
            errorMessage: 'a newer change of this record was in the same batch',
          }),
        );
      } else if (!connection) {
        outcomes.push(
          outcomeOf(e, 'failed', {
            errorCategory: 'CONNECTION_DELETED',
            errorMessage: 'the connection no longer exists',
          }),
        );
      } else if (isStale(e, state)) {
        outcomes.push(
          outcomeOf(e, 'stale', {
            errorMessage: `HubSpot already has version ${state?.sourceVersion} of this record (this is ${e.sourceVersion})`,
          }),
        );
      } else if (
        state?.status === 'synced' &&
        state.syncedHash === e.contentHash &&
        state.hubspotId
      ) {
        outcomes.push(outcomeOf(e, 'unchanged', { hubspotId: state.hubspotId }));
      } else {
        toSend.push(item);
      }
    }

    if (connection && toSend.length > 0) {
      const results = await this.send(connection, toSend);
      for (const item of toSend) {
        const r = results.get(item.event.eventId);
        outcomes.push(this.toOutcome(item.event, r, states.get(item.event.sourceId)));
        if (!r?.ok) deadLetters.set(item, r?.message ?? 'no result');
      }
      const stop = [...results.values()].find((r) => !r.ok && r.stopConnection);
      if (stop && !stop.ok) {
        await this.connections.markNeedsAttention(
          connection.id,
          `HubSpot refused the token: ${stop.message}`,
        );
      }
    }

    await this.audit.recordOutcomes(outcomes);
    for (const o of outcomes) this.metrics.records.inc({ entity: o.entity, outcome: o.outcome });
    await Promise.all(
      items.map((item) => {
        const reason = deadLetters.get(item);
        return reason === undefined ? item.settle('ack') : item.settle('dead-letter', reason);
      }),
    );
  }

  private async send(
    connection: ConnectionWithSecrets,
    items: BatchItem[],
  ): Promise<Map<string, SendResult>> {
    const port = this.ports.forConnection(connection);
    const objectType = items[0]?.event.objectType ?? 'contacts';
    await port.ensureProperties(objectType);
    const syncedAt = new Date().toISOString();
    const inputs: UpsertInput[] = items.map(({ event }) => ({
      id: event.idValue,
      idProperty: event.idProperty,
      properties: { ...event.properties, [LAST_SYNCED_PROPERTY]: syncedAt },
      objectWriteTraceId: event.eventId,
    }));
    return sendWithRetries(port, objectType, inputs, {
      retryBudget: this.config.writer.retryBudget,
      acquire: () =>
        this.limiter.acquire(connection.hubspotToken, connection.hubspot.requestsPer10Seconds),
      pauseAll: (ms, reason) => {
        this.logger.warn(
          `HubSpot rate limit hit for ${connection.name}; all writers pause ${ms} ms`,
        );
        return this.limiter.pauseAll(connection.hubspotToken, ms, reason);
      },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
    });
  }

  private toOutcome(
    e: ChangeEvent,
    r: SendResult | undefined,
    state: RecordState | undefined,
  ): RecordOutcome {
    if (r?.ok) {
      const created = r.created || !state?.hubspotId;
      return outcomeOf(e, created ? 'created' : 'updated', {
        hubspotId: r.hubspotId,
        properties: e.properties,
      });
    }
    return outcomeOf(e, 'failed', {
      properties: e.properties,
      correlationId: r?.correlationId ?? null,
      errorCategory: r?.category ?? 'NO_RESULT',
      errorMessage: r?.message ?? 'HubSpot gave no result for this record',
    });
  }
}

function outcomeOf(
  e: ChangeEvent,
  outcome: RecordOutcome['outcome'],
  extra: Partial<RecordOutcome> = {},
): RecordOutcome {
  return {
    connectionId: e.connectionId,
    entity: e.entity,
    sourceId: e.sourceId,
    objectType: e.objectType,
    runId: e.runId,
    eventId: e.eventId,
    outcome,
    payloadHash: e.contentHash,
    sourceUpdatedAt: e.sourceUpdatedAt,
    sourceVersion: e.sourceVersion,
    ...extra,
  };
}

/** A version older than what HubSpot already holds must never overwrite it. */
function isStale(e: ChangeEvent, state: RecordState | undefined): boolean {
  return state?.sourceVersion != null && e.sourceVersion < state.sourceVersion;
}

function newestPerRecord(items: readonly BatchItem[]): Map<string, BatchItem> {
  const newest = new Map<string, BatchItem>();
  for (const item of items) {
    const held = newest.get(item.event.sourceId);
    if (!held || item.event.sourceVersion >= held.event.sourceVersion)
      newest.set(item.event.sourceId, item);
  }
  return newest;
}

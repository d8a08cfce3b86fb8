import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditRepository, HubSpotRequestsRepository, type RecordOutcome } from '@ml/audit';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import type { ConnectionWithSecrets } from '@ml/connections';
import { LAST_SYNCED_PROPERTY } from '@ml/mapping';
import { Metrics } from '@ml/runtime';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import { ConnectionCache } from './connection-cache';
import { HubSpotPortFactory } from './hubspot-port.factory';
import { HubSpotWriteFailure, type UpsertInput } from './hubspot-write.port';
import { EmailClaimsRepository, type EmailClaim } from './email-claims.repository';
import { emailOf, findEmailConflicts } from './email-conflicts';
import { RecordLocks } from './record-locks';
import { sendWithRetries, type SendOutcome, type SendResult } from './send-with-retries';
import { applyTerminatedPolicy } from './terminated-policy';
import { parkMergedAway } from './merged-records';
import { mappingTargetsMissing, missingMappingTargets } from './mapping-targets';
import {
  newestPerRecord,
  outcomeOf,
  skipReason,
  toOutcome,
  type BatchItem,
} from './batch-decisions';

export type { BatchItem, Settlement } from './batch-decisions';

const NO_SEND: SendOutcome = { results: new Map(), requests: [] };

interface LockedWrite extends BatchReport {
  readonly outcomes: RecordOutcome[];
  readonly sent: SendOutcome;
}

/** What a batch did with its events, for the consumer to size the next one. */
export interface BatchReport {
  /** Events beyond one request's inputs: not written, audited or settled; batch them again. */
  readonly handedBack: readonly BatchItem[];
  /** Events that needed a request: those sent and those handed back. */
  readonly needingSend: number;
}

/**
 * Writes one batch (one connection, one entity) to HubSpot: drops superseded, stale and
 * unchanged events, upserts the rest keyed on the PeopleSoft id (one request's worth; the
 * consumer cuts batches a little larger than that and gets the surplus back), audits every
 * outcome, and only then settles the messages. The batch's records are locked across replicas
 * from reading their state to committing the outcome, so two versions of a record never race to
 * HubSpot. Anything thrown leaves the messages unsettled for redelivery.
 */
@Injectable()
export class WriteBatchUseCase {
  private readonly logger = new Logger(WriteBatchUseCase.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly requestLog: HubSpotRequestsRepository,
    private readonly locks: RecordLocks,
    private readonly emailClaims: EmailClaimsRepository,
    private readonly connections: ConnectionCache,
    private readonly ports: HubSpotPortFactory,
    private readonly limiter: HubSpotRateLimiter,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(items: readonly BatchItem[], signal?: AbortSignal): Promise<BatchReport> {
    const first = items[0];
    if (!first) return { handedBack: [], needingSend: 0 };
    const { connectionId, entity } = first.event;
    const connection = await this.connections.get(connectionId);
    // Wait out a paused portal (429, daily limit) before taking locks other replicas may need.
    if (connection && !connection.attention) {
      await this.limiter.waitWhilePaused(connection.hubspotToken, signal);
    }

    const newest = newestPerRecord(items);
    // The emails too: a replica holding another record with one of these addresses finishes
    // first, so its claim is seen below and the shared address costs no refused request.
    const lockKeys = [
      ...[...newest.keys()].map((id) => `${connectionId}|${entity}|${id}`),
      ...[...newest.values()]
        .map((item) => emailOf(item.event))
        .filter((email): email is string => email !== undefined)
        .map((email) => `${connectionId}|email|${email}`),
    ];
    const { outcomes, sent, handedBack, needingSend } = await this.locks.withLocks(
      lockKeys,
      (manager) => this.writeLocked(manager, items, newest, connection),
    );

    for (const o of outcomes) this.metrics.records.inc({ entity: o.entity, outcome: o.outcome });
    this.countRequests(sent);
    const stop = [...sent.results.values()].find((r) => !r.ok && r.stopConnection);
    if (connection && stop && !stop.ok) {
      this.metrics.authFailures.inc({ system: 'hubspot' });
      await this.connections.markNeedsAttention(
        connection.id,
        `HubSpot refused the connection's token (${stop.category}): ${stop.message}. ` +
          'Update the token, then replay the failed records.',
      );
    }
    await Promise.all(
      items
        .filter((item) => !handedBack.includes(item))
        .map((item) => {
          const r = sent.results.get(item.event.eventId);
          return item.settle(r && !r.ok && r.deferred ? 'requeue' : 'ack');
        }),
    );
    return { handedBack, needingSend };
  }

  /** Under the batch's record locks: decide each event, send one request's worth, audit all. */
  private async writeLocked(
    manager: EntityManager,
    items: readonly BatchItem[],
    newest: ReadonlyMap<string, BatchItem>,
    connection: ConnectionWithSecrets | null,
  ): Promise<LockedWrite> {
    const { connectionId, entity } = (items[0] as BatchItem).event;
    const states = await this.audit.findStates(connectionId, entity, [...newest.keys()], manager);
    const outcomes: RecordOutcome[] = [];
    const toSend: BatchItem[] = [];
    for (const item of items) {
      const skipped = skipReason(item, newest, states.get(item.event.sourceId), connection);
      if (skipped) outcomes.push(skipped);
      else toSend.push(item);
    }
    outcomes.push(...(await parkMergedAway(manager, toSend)));
    const { refusals, sendable } = await this.refuseTakenEmails(manager, connectionId, toSend);
    outcomes.push(...refusals);
    const sending = sendable.slice(0, this.config.writer.batchSize);
    const handedBack = sendable.slice(sending.length);
    const sent = connection && sending.length > 0 ? await this.send(connection, sending) : NO_SEND;
    const claims: EmailClaim[] = [];
    for (const item of sending) {
      const result = sent.results.get(item.event.eventId);
      // A deferred record was never finished: its message returns to the queue, unaudited.
      if (result && !result.ok && result.deferred) continue;
      outcomes.push(toOutcome(item.event, result, states.get(item.event.sourceId)));
      const email = emailOf(item.event);
      if (result?.ok && email) claims.push({ email, sourceId: item.event.sourceId });
    }
    await this.emailClaims.claim(manager, connectionId, claims);
    await this.audit.writeOutcomes(manager, outcomes);
    await this.requestLog.write(manager, connectionId, sent.requests);
    const decided = toSend.filter((item) => !handedBack.includes(item));
    await applyTerminatedPolicy({
      manager,
      connection,
      port: connection && decided.length > 0 ? this.ports.forConnection(connection) : null,
      events: decided.map((item) => item.event),
      sent,
      requestLog: this.requestLog,
    });
    return { outcomes, sent, handedBack, needingSend: sendable.length };
  }

  /**
   * Refused here, not by HubSpot: a contact whose email another record holds (or an earlier
   * one in this batch claims) would fail the whole request and cost a bisection.
   */
  private async refuseTakenEmails(
    manager: EntityManager,
    connectionId: string,
    toSend: readonly BatchItem[],
  ): Promise<{ refusals: RecordOutcome[]; sendable: BatchItem[] }> {
    const holders = await this.emailClaims.holders(
      manager,
      connectionId,
      toSend.map((item) => emailOf(item.event)).filter((e): e is string => e !== undefined),
    );
    const refused = new Map(
      findEmailConflicts(
        toSend.map((i) => i.event),
        holders,
      ).map((c) => [c.event, c.message]),
    );
    const refusals = toSend
      .filter((item) => refused.has(item.event))
      .map((item) =>
        outcomeOf(item.event, 'failed', {
          properties: item.event.properties,
          errorCategory: 'EMAIL_TAKEN',
          errorMessage: refused.get(item.event) ?? '',
        }),
      );
    return { refusals, sendable: toSend.filter((item) => !refused.has(item.event)) };
  }

  private async send(connection: ConnectionWithSecrets, items: BatchItem[]): Promise<SendOutcome> {
    const port = this.ports.forConnection(connection);
    const objectType = items[0]?.event.objectType ?? 'contacts';
    try {
      await port.ensureProperties(objectType);
      // Properties the connection's mapping writes that HubSpot lacks: nothing is sent.
      const entity = items[0]?.event.entity ?? 'employee';
      const missing = await missingMappingTargets(port, connection, entity, objectType);
      if (missing !== null) {
        return mappingTargetsMissing(
          items.map((item) => item.event.eventId),
          missing,
        );
      }
    } catch (error) {
      // A refused token or an incompatible existing property will not fix itself: stop the
      // connection. Anything else (HubSpot down) throws, and the batch is retried later.
      if (
        !(error instanceof HubSpotWriteFailure) ||
        (error.kind !== 'auth' && error.kind !== 'fatal')
      )
        throw error;
      return bootstrapFailed(items, error);
    }
    const syncedAt = new Date().toISOString();
    const inputs: UpsertInput[] = items.map(({ event }) => ({
      id: event.idValue,
      idProperty: event.idProperty,
      properties: { ...event.properties, [LAST_SYNCED_PROPERTY]: syncedAt },
      objectWriteTraceId: event.eventId,
    }));
    const token = connection.hubspotToken;
    return sendWithRetries(port, objectType, inputs, {
      retryBudget: this.config.writer.retryBudget,
      pauseAll: (ms, reason) => {
        this.logger.warn(
          `HubSpot rate limit hit for ${connection.name}; all writers pause ${ms} ms`,
        );
        return this.limiter.pauseAll(token, ms, reason);
      },
      pauseForDailyLimit: async (reason) => {
        await this.limiter.pauseUntilDailyReset(token, port.timeZone, reason);
      },
      findRefused: async (failure, inputs) => {
        const holder = /Existing ID: (\d+)/.exec(failure.message)?.[1];
        if (!holder) return [];
        const claims = await this.emailClaims.claimsOfContact(connection.id, holder);
        // Another record's input with the holder's email; never the holder's own update.
        return inputs.filter((i) =>
          claims.some(
            (c) => c.sourceId !== i.id && c.email === i.properties.email?.trim().toLowerCase(),
          ),
        );
      },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
    });
  }

  private countRequests(sent: SendOutcome): void {
    for (const r of sent.requests) {
      const status = r.status === null ? 'none' : `${Math.floor(r.status / 100)}xx`;
      this.metrics.hubspotRequests.inc({ operation: 'batch_upsert', status });
      this.metrics.hubspotRequestSeconds.observe(
        { operation: 'batch_upsert' },
        r.durationMs / 1000,
      );
      if (r.attempt > 1) this.metrics.hubspotRetries.inc();
      if (r.status === 429) {
        this.metrics.hubspotRateLimited.inc({
          policy: r.errorKind === 'daily-limit' ? 'DAILY' : 'TEN_SECONDLY_ROLLING',
        });
      }
    }
  }
}

function bootstrapFailed(items: readonly BatchItem[], failure: HubSpotWriteFailure): SendOutcome {
  const result: SendResult = {
    ok: false,
    category: failure.category ?? failure.kind.toUpperCase(),
    message: `setting up the connector's HubSpot properties failed: ${failure.message}`,
    correlationId: failure.correlationId,
    stopConnection: true,
    deferred: false,
  };
  return {
    results: new Map(items.map((item) => [item.event.eventId, result])),
    requests: failure.request ? [{ ...failure.request, attempt: 1 }] : [],
  };
}

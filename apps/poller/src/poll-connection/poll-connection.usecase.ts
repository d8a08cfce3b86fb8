import { Injectable, Logger } from '@nestjs/common';
import { RunsRepository, type RecordOutcome } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import { DEFAULT_PRIMARY_EMPL_RCD, todayIn, type DeferredRow, type SourceRow } from '@ml/mapping';
import type { SourceEntity } from '@ml/messaging';
import { PeopleSoftError, firstWindow, greatestTimestamp, type ChangeWindow } from '@ml/peoplesoft';
import { Metrics } from '@ml/runtime';
import { OutboxRelay } from '../outbox-relay/outbox-relay';
import type { ChangeSource } from './change-source';
import { ChangeSourceFactory } from './change-source.factory';
import { scopesOf, type EntityScope } from './entity-scope';
import type { PollConnectionCommand, PollOutcome } from './poll-connection.command';
import { LeaseLostError, PollStateRepository, type Lease } from './poll-state.repository';
import { RecordMapperFactory } from './record-mapper.factory';
import { changesOf, screenWindow, type EntityRead } from './window-changes';
import { completeWindows } from './window-reader';

interface EntityTotals {
  fetched: number;
  emitted: number;
  invalid: number;
}

/**
 * One poll of one connection: for each configured entity, read every window since the
 * watermark (window-reader), keep the rows in force and map them (window-changes), and commit
 * events + audit + watermark per window (poll-state.repository).
 */
@Injectable()
export class PollConnectionUseCase {
  private readonly logger = new Logger(PollConnectionUseCase.name);

  constructor(
    private readonly state: PollStateRepository,
    private readonly runs: RunsRepository,
    private readonly sources: ChangeSourceFactory,
    private readonly mappers: RecordMapperFactory,
    private readonly relay: OutboxRelay,
    private readonly metrics: Metrics,
  ) {}

  async execute(command: PollConnectionCommand, leaseSeconds: number): Promise<PollOutcome> {
    const { connection } = command;
    const lease = await this.state.acquireLease(connection.id, command.holder, leaseSeconds);
    if (!lease) return { status: 'busy' };
    // Renewed on a timer, not only at commits: otherwise a read slower than the lease hands the
    // connection to another poller, which loses it the same way, and neither ever commits.
    let renewing: Promise<unknown> = Promise.resolve();
    const keeper = setInterval(
      () => {
        renewing = this.state.extendLease(connection.id, lease).catch(() => undefined);
      },
      Math.max(1_000, (leaseSeconds * 1_000) / 3),
    );
    const totals: EntityTotals = { fetched: 0, emitted: 0, invalid: 0 };
    const errors: string[] = [];
    let runId: string | undefined;
    try {
      const run = await this.runs.begin(connection.id);
      runId = run.runId;
      const source = this.sources.forConnection(connection);
      for (const [entity, scope] of scopesOf(connection, run.request)) {
        try {
          await this.pollEntity(
            connection,
            entity,
            scope,
            source,
            lease,
            run.runId,
            command.now,
            totals,
          );
        } catch (error) {
          if (error instanceof LeaseLostError) throw error;
          if (error instanceof PeopleSoftError)
            this.metrics.peoplesoftErrors.inc({ kind: error.kind });
          // The watermark stays where it was: the next run retries the same windows.
          errors.push(`${entity}: ${describe(error)}`);
        }
      }
      await this.runs.finish(
        run.runId,
        errors.length ? 'failed' : 'succeeded',
        errors.join('; ') || undefined,
      );
    } catch (error) {
      errors.push(describe(error));
      if (runId) await this.runs.finish(runId, 'failed', errors.join('; ')).catch(() => undefined);
    } finally {
      clearInterval(keeper);
      // A renewal landing after the release would hold the connection for a whole lease.
      await renewing;
      await this.state.releaseLease(connection.id, lease).catch(() => undefined);
    }
    if (errors.length) this.logger.warn(`connection ${connection.name}: ${errors.join('; ')}`);
    if (!runId) return { status: 'failed', runId: null, ...totals, errors };
    return { status: errors.length ? 'failed' : 'succeeded', runId, ...totals, errors };
  }

  private async pollEntity(
    connection: ConnectionWithSecrets,
    entity: SourceEntity,
    scope: EntityScope,
    source: ChangeSource,
    lease: Lease,
    runId: string,
    now: Date,
    totals: EntityTotals,
  ): Promise<void> {
    const read: EntityRead = {
      connectionId: connection.id,
      entity,
      runId,
      scope,
      mapper: this.mappers.forConnection(connection, entity),
      today: todayIn(connection.schedule.timezone, now),
      primaryEmplRcd:
        connection.peoplesoft.sources.employee?.primaryEmplRcd ?? DEFAULT_PRIMARY_EMPL_RCD,
    };

    // A replay sends only what PeopleSoft holds now; deferred rows wait for their own day.
    const due =
      entity === 'employee' && !scope.onlyIds
        ? await this.state.dueDeferred(connection.id, entity, read.today)
        : [];
    if (due.length > 0) {
      await this.commitRows(
        read,
        lease,
        due.map((d) => d.row),
        [],
        null,
        due,
        totals,
      );
    }

    const watermark = scope.fromStart ? null : await this.state.watermark(connection.id, entity);
    // A read from the beginning (first load, full run, replay) goes newest window first: the
    // row in force for each person comes out first, and the older history rows met later are
    // dropped by the currency guard instead of each being sent to HubSpot. Its watermark is
    // committed once, after the last window, so a crash mid-read starts the read over.
    const newestFirst = watermark === null;
    let greatestSeen: string | null = null;
    const first = firstWindow(watermark, connection.peoplesoft.overlapSeconds, now);
    for await (const { window, fetched } of completeWindows(source, entity, first, newestFirst)) {
      const { rows, refused } = screenWindow(read, window, fetched);
      if (newestFirst) {
        greatestSeen = greatestTimestamp([greatestSeen, ...rows.map((r) => r.LASTUPDDTTM)]);
      }
      // A replay names its records; an unreadable row names none, so it is not part of it.
      const { emitted, invalid } = await this.commitRows(
        read,
        lease,
        rows,
        scope.onlyIds ? [] : refused,
        newestFirst ? null : window,
        [],
        totals,
      );
      await this.runs.addWindow(
        runId,
        { entity, ...window, rows: fetched.rows.length },
        emitted,
        invalid,
      );
    }
    if (newestFirst && greatestSeen && scope.moveWatermark) {
      await this.state.commitWindow({
        ...EMPTY_COMMIT,
        connectionId: connection.id,
        entity,
        lease,
        watermark: greatestSeen,
        routingKey: `change.${entity}`,
      });
    }
  }

  /** Commits one window's changes; `window` is null when it must not move the watermark. */
  private async commitRows(
    read: EntityRead,
    lease: Lease,
    rows: readonly SourceRow[],
    rowErrors: readonly RecordOutcome[],
    window: ChangeWindow | null,
    released: readonly DeferredRow[],
    totals: EntityTotals,
  ): Promise<{ emitted: number; invalid: number }> {
    const changes = changesOf(read, rows, rowErrors, window?.from ?? read.today);
    const { emitted, invalid } = await this.state.commitWindow({
      connectionId: read.connectionId,
      entity: read.entity,
      lease,
      watermark:
        window && read.scope.moveWatermark
          ? greatestTimestamp(rows.map((r) => r.LASTUPDDTTM))
          : null,
      routingKey: `change.${read.entity}`,
      events: changes.events,
      currencyKeys: changes.currencyKeys,
      invalid: changes.invalid,
      invalidHashes: changes.invalidHashes,
      deferred: changes.deferred,
      releasedDeferred: released,
      force: read.scope.force,
      reconcile: read.scope.reconcile,
    });
    this.relay.wake();
    totals.fetched += rows.length;
    totals.emitted += emitted;
    totals.invalid += invalid;
    return { emitted, invalid };
  }
}

const EMPTY_COMMIT = {
  events: [],
  currencyKeys: new Map<string, string>(),
  invalid: [],
  invalidHashes: new Map<string, string>(),
  deferred: [],
  releasedDeferred: [],
} as const;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

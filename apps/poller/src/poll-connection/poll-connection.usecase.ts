import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RunsRepository, type RecordOutcome, type RunRequest } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import {
  currencyKeyOf,
  DEFAULT_PRIMARY_EMPL_RCD,
  selectCurrentEmployeeRows,
  todayIn,
  type DeferredRow,
  type PrimaryEmplRcd,
  type RecordMapper,
  type SourceRow,
} from '@ml/mapping';
import type { HubSpotObjectType, SourceEntity } from '@ml/messaging';
import { PeopleSoftError } from '@ml/peoplesoft';
import { Metrics } from '@ml/runtime';
import { OutboxRelay } from '../outbox-relay/outbox-relay';
import type { ChangeSource, FetchedWindow } from './change-source';
import { ChangeSourceFactory } from './change-source.factory';
import type { PollConnectionCommand, PollOutcome } from './poll-connection.command';
import {
  LeaseLostError,
  PollStateRepository,
  type Lease,
  type UnversionedEvent,
} from './poll-state.repository';
import { RecordMapperFactory } from './record-mapper.factory';
import { firstWindow, greatestTimestamp, splitWindow, type Window } from './window-plan';

const OBJECT_TYPE: Record<SourceEntity, HubSpotObjectType> = {
  employee: 'contacts',
  vendor: 'companies',
  customer: 'companies',
};

interface EntityTotals {
  fetched: number;
  emitted: number;
  invalid: number;
}

/**
 * One poll of one connection: for each configured entity, read every window since the
 * watermark, keep the rows in force, map them, and commit events + audit + watermark per window.
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
    const today = todayIn(connection.schedule.timezone, now);
    const mapper = this.mappers.forConnection(connection, entity);
    const context = { connection, entity, scope, lease, runId, mapper, today };

    // A replay sends only what PeopleSoft holds now; deferred rows wait for their own day.
    const due =
      entity === 'employee' && !scope.onlyIds
        ? await this.state.dueDeferred(connection.id, entity, today)
        : [];
    if (due.length > 0) {
      await this.commitRows(
        context,
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
    const pending: Window[] = [firstWindow(watermark, connection.peoplesoft.overlapSeconds, now)];
    const split = (halves: [Window, Window]) =>
      newestFirst ? pending.push(halves[0], halves[1]) : pending.push(halves[1], halves[0]);
    // PeopleSoft reads the next window while Postgres commits this one: at most one read ahead,
    // so no more than two windows are held at once, and still one request in flight.
    let readAhead: { window: Window; reading: Promise<WindowReading> } | null = null;
    try {
      while (pending.length > 0) {
        const window = pending.pop() as Window;
        const reading: WindowReading =
          readAhead?.window === window
            ? await readAhead.reading
            : await readWindow(source, entity, window);
        readAhead = null;
        if (!reading.ok) {
          const halves = source.isSplittable(reading.error) ? splitWindow(window) : null;
          if (!halves) throw reading.error;
          split(halves);
          continue;
        }
        const fetched = reading.fetched;
        if (fetched.truncated) {
          const halves = splitWindow(window);
          if (!halves) {
            throw new Error(
              `more than maxrows rows share LASTUPDDTTM ${window.from}: raise maxrows for ${entity}`,
            );
          }
          // Oldest first (incremental), the watermark only ever moves over complete windows.
          split(halves);
          continue;
        }
        const next = pending.at(-1);
        if (next) readAhead = { window: next, reading: readWindow(source, entity, next) };
        // A row stamped after the window asked for is a clock or data error in PeopleSoft; taken as
        // is, it would move the watermark past every change still to come.
        const [rows, afterWindow] = partition(
          fetched.rows,
          (r) => !(String(r.LASTUPDDTTM ?? '') > window.to),
        );
        if (newestFirst) {
          greatestSeen = greatestTimestamp([greatestSeen, ...rows.map((r) => r.LASTUPDDTTM)]);
        }
        const refused = (sourceId: string, category: string, message: string): RecordOutcome => ({
          connectionId: connection.id,
          entity,
          sourceId,
          objectType: OBJECT_TYPE[entity],
          runId,
          eventId: null,
          outcome: 'invalid',
          errorCategory: category,
          errorMessage: message,
        });
        const rowErrors: RecordOutcome[] = [
          // The position keeps two unreadable rows apart even when PeopleSoft numbers them alike.
          ...fetched.rowErrors.map((e, i) =>
            refused(
              `unreadable-row:${window.from}:${e.rowNumber}:${i}`,
              'UNREADABLE_ROW',
              e.reason,
            ),
          ),
          ...afterWindow.map((r, i) =>
            refused(
              // Audited under the record's own id when the row has a readable key.
              mapper(r).sourceId ?? `future-row:${window.from}:${i}`,
              'STAMPED_IN_THE_FUTURE',
              `row ${String(r.EMPLID ?? r.VENDOR_ID ?? r.CUST_ID ?? '?').slice(0, 40)} has LASTUPDDTTM ` +
                `${String(r.LASTUPDDTTM).slice(0, 26)}, after the window read (to ${window.to}): check PeopleSoft's clock or the row`,
            ),
          ),
        ];
        // A replay names its records; an unreadable row names none, so it is not part of it.
        const { emitted, invalid } = await this.commitRows(
          context,
          rows,
          scope.onlyIds ? [] : rowErrors,
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
    } finally {
      // A read still running when the entity fails is waited for, not left behind the run.
      if (readAhead) await readAhead.reading;
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

  private async commitRows(
    context: {
      connection: ConnectionWithSecrets;
      entity: SourceEntity;
      scope: EntityScope;
      lease: Lease;
      runId: string;
      mapper: RecordMapper;
      today: string;
    },
    rows: readonly SourceRow[],
    rowErrors: RecordOutcome[],
    window: Window | null,
    released: readonly DeferredRow[],
    totals: EntityTotals,
  ): Promise<{ emitted: number; invalid: number }> {
    const { connection, entity, runId, scope } = context;
    const { current, deferred } =
      entity === 'employee'
        ? selectCurrentEmployeeRows(rows, context.today, primaryEmplRcdOf(connection))
        : { current: [...rows], deferred: [] };
    const events: UnversionedEvent[] = [];
    const currencyKeys = new Map<string, string>();
    const invalid: RecordOutcome[] = [...rowErrors];
    const invalidHashes = new Map<string, string>();
    for (const row of current) {
      const result = context.mapper(row);
      if (scope.onlyIds && !(result.sourceId && scope.onlyIds.has(result.sourceId))) continue;
      if (result.ok) {
        if (entity === 'employee')
          currencyKeys.set(result.sourceId, currencyKeyOf(row, primaryEmplRcdOf(connection)));
        events.push({
          eventId: eventIdOf(connection.id, entity, result.sourceId, result.contentHash),
          connectionId: connection.id,
          runId,
          correlationId: runId,
          entity,
          sourceId: result.sourceId,
          sourceUpdatedAt: result.sourceUpdatedAt,
          lifecycle: result.lifecycle,
          objectType: result.objectType,
          idProperty: result.idProperty,
          idValue: result.idValue,
          properties: result.properties,
          contentHash: result.contentHash,
        });
      } else {
        const sourceId =
          result.sourceId ?? `keyless-row:${window?.from ?? context.today}:${invalid.length}`;
        invalidHashes.set(sourceId, rowHash(row));
        invalid.push({
          connectionId: connection.id,
          entity,
          sourceId,
          objectType: OBJECT_TYPE[entity],
          runId,
          eventId: null,
          outcome: 'invalid',
          errorCategory: 'INVALID_SOURCE_ROW',
          errorMessage: result.reasons.join('; '),
        });
      }
    }
    const emitted = await this.state.commitWindow({
      connectionId: connection.id,
      entity,
      lease: context.lease,
      watermark:
        window && scope.moveWatermark ? greatestTimestamp(rows.map((r) => r.LASTUPDDTTM)) : null,
      routingKey: `change.${entity}`,
      events: newestPerKey(events),
      currencyKeys,
      invalid,
      invalidHashes,
      deferred: scope.onlyIds ? [] : deferred,
      releasedDeferred: released,
      force: scope.force,
      reconcile: scope.reconcile,
    });
    this.relay.wake();
    totals.fetched += rows.length;
    totals.emitted += emitted;
    totals.invalid += invalid.length;
    return { emitted, invalid: invalid.length };
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

/** How one entity is read in this run. */
interface EntityScope {
  /** Read from the beginning of time instead of the watermark. */
  readonly fromStart: boolean;
  /** Send rows even when their content was sent before. */
  readonly force: boolean;
  /** Also send rows HubSpot does not hold as they are (never written, or the write failed). */
  readonly reconcile: boolean;
  /** Only these PeopleSoft ids (a replay); null for all. */
  readonly onlyIds: ReadonlySet<string> | null;
  readonly moveWatermark: boolean;
}

const SCHEDULED: EntityScope = {
  fromStart: false,
  force: false,
  reconcile: false,
  onlyIds: null,
  moveWatermark: true,
};
/** A full sync: re-read everything, send only what differs from HubSpot's last synced state. */
const FULL: EntityScope = {
  fromStart: true,
  force: false,
  reconcile: true,
  onlyIds: null,
  moveWatermark: true,
};
/** A full sync with `resend`: every record again, even those HubSpot holds as they are. */
const RESEND: EntityScope = { ...FULL, force: true };

/** The entities a run reads, and how: a scheduled poll, a full sync, or a replay of ids. */
function scopesOf(
  connection: ConnectionWithSecrets,
  request: RunRequest | null,
): Array<[SourceEntity, EntityScope]> {
  const configured = Object.keys(connection.peoplesoft.sources) as SourceEntity[];
  const replay = request?.sourceIds;
  if (replay) {
    return configured
      .filter((entity) => (replay[entity]?.length ?? 0) > 0)
      .map((entity) => [
        entity,
        {
          fromStart: true,
          force: true,
          reconcile: false,
          onlyIds: new Set(replay[entity]),
          moveWatermark: false,
        },
      ]);
  }
  const full = request?.resend ? RESEND : FULL;
  return configured.map((entity) => [entity, request?.full ? full : SCHEDULED]);
}

function primaryEmplRcdOf(connection: ConnectionWithSecrets): PrimaryEmplRcd {
  return connection.peoplesoft.sources.employee?.primaryEmplRcd ?? DEFAULT_PRIMARY_EMPL_RCD;
}

/** Stable across re-polls of the same content, so a redelivered or re-sent event is the same. */
function eventIdOf(connectionId: string, entity: string, sourceId: string, hash: string): string {
  return createHash('sha256')
    .update(`${connectionId}|${entity}|${sourceId}|${hash}`)
    .digest('hex')
    .slice(0, 32);
}

/** One window's answer, or the error reading it: settled, so a read ahead never rejects unseen. */
type WindowReading =
  | { readonly ok: true; readonly fetched: FetchedWindow }
  | { readonly ok: false; readonly error: unknown };

function readWindow(
  source: ChangeSource,
  entity: SourceEntity,
  window: Window,
): Promise<WindowReading> {
  return source.fetchWindow(entity, window).then(
    (fetched): WindowReading => ({ ok: true, fetched }),
    (error: unknown): WindowReading => ({ ok: false, error }),
  );
}

function newestPerKey(events: readonly UnversionedEvent[]): UnversionedEvent[] {
  const newest = new Map<string, UnversionedEvent>();
  for (const e of events) {
    const held = newest.get(e.sourceId);
    if (!held || e.sourceUpdatedAt >= held.sourceUpdatedAt) newest.set(e.sourceId, e);
  }
  return [...newest.values()];
}

function rowHash(row: SourceRow): string {
  const keys = Object.keys(row).sort();
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, row[k]])))
    .digest('hex');
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  const kept: T[] = [];
  const rest: T[] = [];
  for (const item of items) (keep(item) ? kept : rest).push(item);
  return [kept, rest];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type {
  Lease,
  UnversionedEvent,
  WindowCommit,
} from '../../apps/poller/src/poll-connection/poll-state.repository';

/** An employee change event as the poller builds one, before its commit numbers it. */
export function unversionedEvent(
  connectionId: string,
  sourceId: string,
  overrides: Partial<UnversionedEvent> = {},
): UnversionedEvent {
  return {
    eventId: `event-${sourceId}`,
    connectionId,
    runId: 'run-1',
    correlationId: 'run-1',
    entity: 'employee',
    sourceId,
    sourceUpdatedAt: '2026-11-27-10.00.00.000000',
    lifecycle: 'active',
    objectType: 'contacts',
    idProperty: 'ml_peoplesoft_id',
    idValue: sourceId,
    properties: { firstname: sourceId },
    contentHash: `hash-${sourceId}`,
    ...overrides,
  };
}

/** One employee window's commit of `events`: nothing refused, deferred or released. */
export function windowCommit(
  connectionId: string,
  lease: Lease,
  events: UnversionedEvent[],
  extra: Partial<WindowCommit> = {},
): WindowCommit {
  return {
    connectionId,
    entity: 'employee',
    lease,
    watermark: null,
    routingKey: 'change.employee',
    events,
    currencyKeys: new Map(),
    invalid: [],
    invalidHashes: new Map(),
    deferred: [],
    releasedDeferred: [],
    ...extra,
  };
}

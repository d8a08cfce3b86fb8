import { createHash, randomUUID } from 'node:crypto';
import type { ChangeEvent, ConfirmPublisher, Lifecycle } from '@ml/messaging';

export interface EmployeeEventInput {
  readonly connectionId: string;
  readonly emplid: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly version?: number;
  readonly lifecycle?: Lifecycle;
  readonly sourceUpdatedAt?: string;
  readonly runId?: string;
}

/**
 * A change event as the poller publishes it for one employee, for suites that feed the writer
 * straight from the queue. The id is derived from the content and version, so publishing the
 * same input again is a redelivery (or a replay), as in production.
 */
export function employeeEvent(input: EmployeeEventInput): ChangeEvent {
  const version = input.version ?? 1;
  const contentHash = createHash('sha256').update(JSON.stringify(input.properties)).digest('hex');
  const runId = input.runId ?? randomUUID();
  return {
    eventId: createHash('sha256')
      .update(`${input.connectionId}|employee|${input.emplid}|${contentHash}|${version}`)
      .digest('hex')
      .slice(0, 32),
    connectionId: input.connectionId,
    runId,
    correlationId: runId,
    entity: 'employee',
    sourceId: input.emplid,
    sourceUpdatedAt: input.sourceUpdatedAt ?? '2026-11-28-09.00.00.000000',
    sourceVersion: version,
    lifecycle: input.lifecycle ?? 'active',
    objectType: 'contacts',
    idProperty: 'ml_peoplesoft_id',
    idValue: input.emplid,
    properties: { ...input.properties },
    contentHash,
  };
}

/** Publishes with confirms, 500 at a time, on the routing key the poller uses. */
export async function publishEvents(
  publisher: ConfirmPublisher,
  events: readonly ChangeEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    await publisher.publishAll(
      events
        .slice(i, i + 500)
        .map((e) => ({ messageId: e.eventId, routingKey: `change.${e.entity}`, body: e })),
    );
  }
}

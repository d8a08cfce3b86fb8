import type { HubSpotObjectType, SourceEntity } from '@ml/messaging';

/**
 * What one attempt did to one record. `created`/`updated`/`unchanged` leave the record synced;
 * `stale` and `superseded` are harmless no-ops (a newer version won); `failed` and `invalid`
 * need a fix and a replay.
 */
export type AttemptOutcome =
  'created' | 'updated' | 'unchanged' | 'stale' | 'superseded' | 'retrying' | 'failed' | 'invalid';

export type RecordStatus = 'synced' | 'failed' | 'invalid' | 'pending';

export interface RecordOutcome {
  readonly connectionId: string;
  readonly entity: SourceEntity;
  readonly sourceId: string;
  readonly objectType: HubSpotObjectType;
  readonly runId: string | null;
  readonly eventId: string | null;
  readonly outcome: AttemptOutcome;
  readonly hubspotId?: string | null;
  /** Content hash of the properties sent (or that would have been sent). */
  readonly payloadHash?: string | null;
  readonly sourceUpdatedAt?: string | null;
  /** The poller's per-record version of the change this attempt carried. */
  readonly sourceVersion?: number | null;
  readonly properties?: Readonly<Record<string, string>> | null;
  readonly correlationId?: string | null;
  readonly errorCategory?: string | null;
  readonly errorMessage?: string | null;
}

/** The record's status after an attempt, or null when the attempt leaves it as it was. */
export function recordStatusAfter(outcome: AttemptOutcome): RecordStatus | null {
  switch (outcome) {
    case 'created':
    case 'updated':
    case 'unchanged':
      return 'synced';
    case 'failed':
      return 'failed';
    case 'invalid':
      return 'invalid';
    case 'retrying':
      return 'pending';
    case 'stale':
    case 'superseded':
      return null;
  }
}

/** What the writer needs to know about a record before writing it again. */
export interface RecordState {
  readonly sourceId: string;
  readonly hubspotId: string | null;
  readonly syncedHash: string | null;
  readonly sourceUpdatedAt: string | null;
  /** Version of the change HubSpot holds; null before the first successful write. */
  readonly sourceVersion: number | null;
  /** Newest version the poller has emitted (maybe still queued); null if none is recorded. */
  readonly emittedVersion: number | null;
  readonly status: RecordStatus;
}

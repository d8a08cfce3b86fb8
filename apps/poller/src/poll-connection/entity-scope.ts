import type { RunRequest } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { SourceEntity } from '@ml/messaging';

/** How one entity is read in this run. */
export interface EntityScope {
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

/** An ordinary poll: changes since the watermark, repeats dropped. */
export const SCHEDULED: EntityScope = {
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
export function scopesOf(
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

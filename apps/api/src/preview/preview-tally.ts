import type { RecordState } from '@ml/audit';
import type { Lifecycle, MappingResult } from '@ml/mapping';

export type PreviewOutcome = 'create' | 'update' | 'unchanged' | 'invalid';
export const PREVIEW_OUTCOMES: readonly PreviewOutcome[] = [
  'create',
  'update',
  'unchanged',
  'invalid',
];

/** A record that would be sent (or is already in HubSpot as it is). */
export interface PreviewRecord {
  readonly sourceId: string;
  readonly hubspotId: string | null;
  readonly lifecycle: Lifecycle;
  readonly sourceUpdatedAt: string;
  /** Exactly what the upsert would carry, before the writer adds ml_last_synced_at. */
  readonly properties: Readonly<Record<string, string>>;
  readonly contentHash: string;
  readonly notes: readonly string[];
}

export interface InvalidPreviewRecord {
  readonly sourceId: string | null;
  readonly reasons: readonly string[];
}

export interface PreviewExamples {
  readonly create: PreviewRecord[];
  readonly update: PreviewRecord[];
  readonly unchanged: PreviewRecord[];
  readonly invalid: InvalidPreviewRecord[];
}

export type PreviewCounts = Record<PreviewOutcome, number>;

/**
 * Classifies one entity's mapped records against the audit trail, once per PeopleSoft id: the
 * same id can come back from several windows (split windows share their midpoint, an employee's
 * job rows carry their own LASTUPDDTTM), and only its best row counts, the one HubSpot would end
 * up with. Holds one short entry per id and at most `limit` examples per outcome, never rows.
 */
export class PreviewTally {
  readonly counts: PreviewCounts = { create: 0, update: 0, unchanged: 0, invalid: 0 };
  readonly examples: PreviewExamples = { create: [], update: [], unchanged: [], invalid: [] };
  private readonly held = new Map<string, { rank: string; outcome: PreviewOutcome }>();
  private readonly deferredRows = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Rows that take effect after today: the poller sends them on that day, not now. */
  get deferred(): number {
    return this.deferredRows.size;
  }

  addDeferred(sourceId: string, effectiveDate: string): void {
    this.deferredRows.add(`${sourceId}|${effectiveDate}`);
  }

  /** A row PeopleSoft sent that could not be read at all. */
  addUnreadable(reason: string): void {
    this.count('invalid', { sourceId: null, reasons: [reason] });
  }

  /**
   * `rank` orders rows of one id (greater wins); `state` is what the audit trail says HubSpot
   * holds for it (undefined when the record was never seen).
   */
  add(result: MappingResult, rank: string, state: RecordState | undefined): void {
    if (!result.ok && result.sourceId === null) {
      this.count('invalid', { sourceId: null, reasons: result.reasons });
      return;
    }
    const id = result.sourceId as string;
    const held = this.held.get(id);
    if (held && held.rank >= rank) return;
    if (held) this.uncount(held.outcome, id);
    if (!result.ok) {
      this.held.set(id, { rank, outcome: 'invalid' });
      this.count('invalid', { sourceId: id, reasons: result.reasons });
      return;
    }
    const outcome = classify(result.contentHash, state);
    this.held.set(id, { rank, outcome });
    this.count(outcome, {
      sourceId: id,
      hubspotId: state?.hubspotId ?? null,
      lifecycle: result.lifecycle,
      sourceUpdatedAt: result.sourceUpdatedAt,
      properties: result.properties,
      contentHash: result.contentHash,
      notes: result.notes,
    });
  }

  private count<O extends PreviewOutcome>(outcome: O, example: PreviewExamples[O][number]): void {
    this.counts[outcome] += 1;
    const list = this.examples[outcome] as Array<PreviewExamples[O][number]>;
    if (list.length < this.limit) list.push(example);
  }

  private uncount(outcome: PreviewOutcome, id: string): void {
    this.counts[outcome] -= 1;
    const list = this.examples[outcome] as Array<{ sourceId: string | null }>;
    const at = list.findIndex((example) => example.sourceId === id);
    if (at >= 0) list.splice(at, 1);
  }
}

/**
 * What the writer would do, from the audit trail: unchanged when HubSpot already holds this
 * content (synced with the same hash), update when the record has a HubSpot object, else create.
 */
export function classify(contentHash: string, state: RecordState | undefined): PreviewOutcome {
  if (!state?.hubspotId) return 'create';
  if (state.status === 'synced' && state.syncedHash === contentHash) return 'unchanged';
  return 'update';
}

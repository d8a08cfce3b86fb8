/** A record updated in place, the way VENDOR and CUSTOMER rows are: one LASTUPDDTTM per record. */
export interface StampedRecord {
  /** LASTUPDDTTM, naive ms. */
  readonly keyedAt: number;
  /** When the transaction that keyed it commits; earlier queries do not see it. */
  readonly visibleAt: number;
  /** The committed version readers still see while this one is uncommitted. */
  readonly previous?: this;
}

/**
 * Vendors and customers number in the thousands, not millions: a map plus a sort per window is
 * plenty. Identity is the composite (SETID + id) key, never the id alone.
 */
export class KeyedRecordStore<T extends StampedRecord> {
  private readonly records = new Map<string, T>();

  constructor(private readonly keyOf: (record: T) => string) {}

  put(record: T): void {
    this.records.set(this.keyOf(record), record);
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  get size(): number {
    return this.records.size;
  }

  all(): T[] {
    return [...this.records.values()].sort((a, b) => compareText(this.keyOf(a), this.keyOf(b)));
  }

  /** Inclusive on both ends, ordered by LASTUPDDTTM then key, cut at limit. */
  window(fromMs: number, toMs: number, nowMs: number, limit: number): T[] {
    const rows: T[] = [];
    for (const latest of this.records.values()) {
      const record = committedVersion(latest, nowMs);
      if (record && record.keyedAt >= fromMs && record.keyedAt <= toMs) rows.push(record);
    }
    rows.sort((a, b) => a.keyedAt - b.keyedAt || compareText(this.keyOf(a), this.keyOf(b)));
    return rows.slice(0, limit);
  }
}

function committedVersion<T extends StampedRecord>(record: T, nowMs: number): T | undefined {
  let version: T | undefined = record;
  while (version && version.visibleAt > nowMs) version = version.previous;
  return version;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

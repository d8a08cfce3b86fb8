export interface BatcherOptions {
  /** Flush a group as soon as it holds this many items (HubSpot takes at most 100). */
  readonly size: number;
  /** Flush a group this long after its first item arrived, full or not. */
  readonly lingerMs: number;
  /** Batches processed at once; more hides HubSpot's latency, the rate limit caps the rest. */
  readonly concurrency: number;
}

export type BatchHandler<T> = (group: string, items: T[]) => Promise<void>;

interface Group<T> {
  items: T[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Groups items (per connection and entity) into batches flushed on size or linger. A record
 * already in a batch in flight waits for that batch to finish, so two versions of one record
 * are never written concurrently and the newer one is never overtaken.
 */
export class Batcher<T> {
  private readonly groups = new Map<string, Group<T>>();
  private readonly ready: Array<{ group: string; items: T[] }> = [];
  private readonly inFlightRecords = new Set<string>();
  private readonly waiting: Array<{ group: string; item: T }> = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly options: BatcherOptions,
    private readonly recordKeyOf: (item: T) => string,
    private readonly handle: BatchHandler<T>,
  ) {}

  get pending(): number {
    let n = this.waiting.length;
    for (const g of this.groups.values()) n += g.items.length;
    for (const b of this.ready) n += b.items.length;
    return n;
  }

  add(group: string, item: T): void {
    if (this.inFlightRecords.has(this.recordKeyOf(item))) {
      this.waiting.push({ group, item });
      return;
    }
    let g = this.groups.get(group);
    if (!g) {
      g = { items: [], timer: undefined };
      this.groups.set(group, g);
    }
    g.items.push(item);
    if (g.items.length >= this.options.size) {
      this.seal(group);
    } else if (!g.timer) {
      g.timer = setTimeout(() => this.seal(group), this.options.lingerMs);
    }
  }

  /** Seals every open group and waits until all batches (and items they unblock) are done. */
  async drain(): Promise<void> {
    for (;;) {
      for (const group of [...this.groups.keys()]) this.seal(group);
      if (this.running.size === 0 && this.ready.length === 0 && this.waiting.length === 0) return;
      await Promise.race([...this.running, new Promise((r) => setTimeout(r, 10))]);
    }
  }

  private seal(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    if (g.timer) clearTimeout(g.timer);
    this.groups.delete(group);
    for (let i = 0; i < g.items.length; i += this.options.size) {
      this.ready.push({ group, items: g.items.slice(i, i + this.options.size) });
    }
    this.pump();
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.ready.length > 0) {
      const batch = this.ready.shift() as { group: string; items: T[] };
      const keys = batch.items.map(this.recordKeyOf);
      for (const k of keys) this.inFlightRecords.add(k);
      const run: Promise<void> = this.handle(batch.group, batch.items)
        .catch(() => undefined)
        .finally(() => {
          for (const k of keys) this.inFlightRecords.delete(k);
          this.running.delete(run);
          this.releaseWaiting();
          this.pump();
        });
      this.running.add(run);
    }
  }

  private releaseWaiting(): void {
    const waiting = this.waiting.splice(0);
    for (const { group, item } of waiting) this.add(group, item);
  }
}

export interface BatcherOptions {
  /**
   * Flush a group as soon as it holds this many items. A function of the group lets the owner
   * cut larger batches where many items end without a request (see BatchSizer).
   */
  readonly size: number | ((group: string) => number);
  /** Flush a partial group once no item has joined it for this long (the stream paused). */
  readonly lingerMs: number;
  /** ...and at the latest this long after its first item, however steadily items trickle in. */
  readonly maxLingerMs: number;
  /** Batches processed at once; more hides HubSpot's latency, the rate limit caps the rest. */
  readonly concurrency: number;
  /**
   * Most items held at once (the consumer's prefetch): once it holds this many, no item can
   * join a partial group until a batch finishes, so a free slot takes the group at once.
   */
  readonly capacity: number;
}

/**
 * Handles one batch. It may hand items back unhandled (it had room for fewer): they return to
 * the head of the line, in their arrival order, ahead of anything newer that shares a key.
 */
export type BatchHandler<T> = (group: string, items: T[]) => Promise<readonly T[] | void>;

/** An item and its place in arrival order, which waiting items keep. */
interface Entry<T> {
  readonly item: T;
  readonly seq: number;
}

interface Batch<T> {
  readonly group: string;
  readonly entries: Array<Entry<T>>;
}

interface Group<T> {
  entries: Array<Entry<T>>;
  firstAt: number;
  lastAt: number;
  timer: NodeJS.Timeout | undefined;
  /** Its linger is over: it is sent as soon as a batch slot is free, with what it holds then. */
  due: boolean;
}

/**
 * Groups items (per connection and entity) into batches flushed on size or linger. Every
 * HubSpot request costs the same share of the portal's rate limit whatever its size, so a
 * partial batch is cut as late as possible: its linger restarts with every item that joins,
 * and a group whose linger is over still takes items until a batch slot is free.
 *
 * An item waits while another item sharing one of its keys (its record, the email it would
 * claim) is in a batch in flight or waiting before it: two versions of one record are never
 * written concurrently, the newer one is never overtaken, and two records claiming one email
 * never race each other to HubSpot (the second then sees the first's claim).
 */
export class Batcher<T> {
  private readonly groups = new Map<string, Group<T>>();
  private readonly ready: Array<Batch<T>> = [];
  private readonly inFlightKeys = new Map<string, number>();
  /** In arrival order. */
  private waiting: Array<{ group: string; entry: Entry<T> }> = [];
  private nextSeq = 0;
  private readonly waitingKeys = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private inFlightItems = 0;

  constructor(
    private readonly options: BatcherOptions,
    private readonly keysOf: (item: T) => readonly string[],
    private readonly handle: BatchHandler<T>,
  ) {}

  /** Items held and not in a batch in flight. */
  get pending(): number {
    let n = this.waiting.length;
    for (const g of this.groups.values()) n += g.entries.length;
    for (const b of this.ready) n += b.entries.length;
    return n;
  }

  add(group: string, item: T): void {
    this.place(group, { item, seq: this.nextSeq++ });
  }

  private place(group: string, entry: Entry<T>): void {
    const keys = this.keysOf(entry.item);
    if (keys.some((k) => this.inFlightKeys.has(k) || this.waitingKeys.has(k))) {
      this.waiting.push({ group, entry });
      for (const k of keys) this.waitingKeys.add(k);
      return;
    }
    const now = Date.now();
    let g = this.groups.get(group);
    if (!g) {
      g = { entries: [], firstAt: now, lastAt: now, timer: undefined, due: false };
      this.groups.set(group, g);
    }
    g.entries.push(entry);
    g.lastAt = now;
    if (g.entries.length >= this.sizeOf(group)) {
      this.cutFull(group, g);
      this.pump();
      return;
    }
    if (!g.timer && !g.due) {
      g.timer = setTimeout(() => this.checkLinger(group), this.options.lingerMs);
    }
    if (this.starved()) this.pump();
  }

  private sizeOf(group: string): number {
    const { size } = this.options;
    return typeof size === 'number' ? size : Math.max(1, size(group));
  }

  /** Holding all the consumer may hold: nothing more arrives until a batch is acked. */
  private starved(): boolean {
    return this.inFlightItems + this.pending >= this.options.capacity;
  }

  /** Sends every open group and waits until all batches (and items they unblock) are done. */
  async drain(): Promise<void> {
    for (;;) {
      for (const g of this.groups.values()) this.markDue(g);
      this.pump();
      if (
        this.running.size === 0 &&
        this.ready.length === 0 &&
        this.waiting.length === 0 &&
        this.groups.size === 0
      )
        return;
      await Promise.race([...this.running, new Promise((r) => setTimeout(r, 10))]);
    }
  }

  private checkLinger(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    g.timer = undefined;
    const now = Date.now();
    const quietFor = now - g.lastAt;
    const age = now - g.firstAt;
    if (quietFor >= this.options.lingerMs || age >= this.options.maxLingerMs) {
      this.markDue(g);
      this.pump();
      return;
    }
    const next = Math.min(this.options.lingerMs - quietFor, this.options.maxLingerMs - age);
    g.timer = setTimeout(() => this.checkLinger(group), Math.max(1, next));
  }

  private markDue(g: Group<T>): void {
    if (g.timer) clearTimeout(g.timer);
    g.timer = undefined;
    g.due = true;
  }

  /** Moves a group's full batches to the ready queue; a remainder stays open, lingering anew. */
  private cutFull(group: string, g: Group<T>): void {
    const size = this.sizeOf(group);
    while (g.entries.length >= size) this.ready.push({ group, entries: g.entries.splice(0, size) });
    if (g.entries.length === 0) {
      if (g.timer) clearTimeout(g.timer);
      this.groups.delete(group);
    } else {
      g.firstAt = g.lastAt;
    }
  }

  /** Starts batches while slots are free: full ones first, then due groups, oldest first. */
  private pump(): void {
    while (this.running.size < this.options.concurrency) {
      const batch = this.ready.shift() ?? this.takeDue(this.starved());
      if (!batch) return;
      this.start(this.holdBackBlocked(batch));
    }
  }

  /** The oldest group whose linger is over; with `starved`, the oldest group at all. */
  private takeDue(starved: boolean): Batch<T> | undefined {
    for (const [group, g] of this.groups) {
      if (!g.due && !starved) continue;
      if (g.timer) clearTimeout(g.timer);
      this.groups.delete(group);
      return { group, entries: g.entries };
    }
    return undefined;
  }

  /**
   * An item can have joined its batch while its key was free and the key's other holder
   * started first: it goes back to the head of the waiting line, ahead of anything newer.
   */
  private holdBackBlocked(batch: Batch<T>): Batch<T> {
    const blocked = batch.entries.filter((e) =>
      this.keysOf(e.item).some((k) => this.inFlightKeys.has(k)),
    );
    if (blocked.length === 0) return batch;
    this.waiting = [...this.waiting, ...blocked.map((entry) => ({ group: batch.group, entry }))];
    this.waiting.sort((a, b) => a.entry.seq - b.entry.seq);
    for (const e of blocked) for (const k of this.keysOf(e.item)) this.waitingKeys.add(k);
    return { group: batch.group, entries: batch.entries.filter((e) => !blocked.includes(e)) };
  }

  private start(batch: Batch<T>): void {
    if (batch.entries.length === 0) return;
    const items = batch.entries.map((e) => e.item);
    const keys = items.flatMap((item) => this.keysOf(item));
    this.inFlightItems += items.length;
    for (const k of keys) this.inFlightKeys.set(k, (this.inFlightKeys.get(k) ?? 0) + 1);
    let handedBack: ReadonlySet<T> = new Set();
    const run: Promise<void> = this.handle(batch.group, items)
      .then(
        (back) => {
          if (back && back.length > 0) handedBack = new Set(back);
        },
        () => undefined,
      )
      .finally(() => {
        this.inFlightItems -= items.length;
        for (const k of keys) {
          const n = (this.inFlightKeys.get(k) ?? 1) - 1;
          if (n > 0) this.inFlightKeys.set(k, n);
          else this.inFlightKeys.delete(k);
        }
        this.running.delete(run);
        const back = batch.entries.filter((e) => handedBack.has(e.item));
        if (back.length > 0) {
          this.waiting = [...back.map((entry) => ({ group: batch.group, entry })), ...this.waiting];
          this.waiting.sort((a, b) => a.entry.seq - b.entry.seq);
        }
        this.releaseWaiting();
        this.pump();
      });
    this.running.add(run);
  }

  /** Retries the waiting items in arrival order; those still blocked wait on, in that order. */
  private releaseWaiting(): void {
    const waiting = this.waiting.splice(0);
    this.waitingKeys.clear();
    for (const { group, entry } of waiting) this.place(group, entry);
  }
}

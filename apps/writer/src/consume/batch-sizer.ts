/** A batch holds at most this many requests' worth of events, however few need sending. */
const MOST_REQUESTS_OF_EVENTS = 2;

/**
 * The most events one batch may hold: up to MOST_REQUESTS_OF_EVENTS requests' worth, as far as
 * the prefetch holds every batch in flight plus one being filled. Larger, the batches in flight
 * would use up the prefetch, and the next one would be cut short whenever a slot frees.
 */
export function mostEventsPerBatch(
  batchSize: number,
  prefetch: number,
  concurrency: number,
): number {
  const room = Math.floor(prefetch / (concurrency + 1));
  return Math.max(batchSize, Math.min(batchSize * MOST_REQUESTS_OF_EVENTS, room));
}

/**
 * How many events to cut into one batch so that its HubSpot request carries a full load.
 *
 * Every request costs one unit of the portal's rate limit whatever its size, but not every event
 * becomes an input: a batch also ends superseded, unchanged and stale events, and contacts whose
 * email another record holds, without sending them. Where a fifth of the events end that way, a
 * batch of 100 events sends 80 inputs and the portal's ceiling is never reached. So each group
 * (connection and entity) learns what share of its events needed sending, and its batches grow
 * to bring about `inputs` of them; a batch that finds more than that hands the rest back to be
 * written in the next one.
 */
export class BatchSizer {
  private readonly shares = new Map<string, number>();

  /**
   * @param inputs  inputs per request (HubSpot takes at most 100)
   * @param most    the most events one batch may hold, however few of them need sending
   */
  constructor(
    private readonly inputs: number,
    private readonly most: number,
  ) {}

  /** Events to cut for the group's next batch. */
  sizeOf(group: string): number {
    const share = this.shares.get(group);
    if (share === undefined) return this.inputs;
    // A little over: the share varies from batch to batch, and a surplus costs little (it waits
    // for the next batch) where a shortfall costs a request.
    const wanted = Math.ceil((this.inputs / Math.max(share, this.inputs / this.most)) * 1.05);
    return Math.min(this.most, Math.max(this.inputs, wanted));
  }

  /** After a batch: of `events` it held, `needingSend` needed a request (sent or handed back). */
  observe(group: string, events: number, needingSend: number): void {
    if (events <= 0) return;
    const share = Math.min(1, Math.max(0, needingSend / events));
    const before = this.shares.get(group);
    // Smoothed over a few batches, so one odd batch does not swing the size.
    this.shares.set(group, before === undefined ? share : before * 0.7 + share * 0.3);
  }
}

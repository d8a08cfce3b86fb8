import { createHmac, randomInt } from 'node:crypto';
import type { SimObjectType } from './property-model';

/** One event as HubSpot's webhooks deliver it (a batch is a JSON array of these). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  propertyName?: string;
  propertyValue?: string;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
}

export interface WebhookTarget {
  url: string;
  clientSecret: string;
  appId: number;
}

/** Knobs for the next delivery, to prove the receiver refuses what it must. */
export interface DeliveryKnobs {
  /** Sign with this secret instead of the app's (a forgery). */
  wrongSecret?: string;
  /** Shift the request timestamp (negative: in the past, e.g. -600000 for a stale one). */
  timestampSkewMs?: number;
  /** Send the events with these event ids again instead of the pending ones (a retry). */
  replayEventIds?: number[];
}

export interface DeliveryReport {
  status: number | null;
  events: number;
  /** The event ids delivered, for a later `replayEventIds`. */
  eventIds: number[];
  error?: string;
}

const SINGULAR: Record<SimObjectType, string> = { contacts: 'contact', companies: 'company' };

/**
 * Collects events made by simulated users (deletes, merges, edits) and delivers them as
 * HubSpot does: a POST of a JSON array, signed with `X-HubSpot-Signature-v3` =
 * base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), the timestamp in ms in
 * `X-HubSpot-Request-Timestamp`. Delivery is explicit (`flush`) so tests decide when.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private pending: WebhookEvent[] = [];
  private readonly sent = new Map<number, WebhookEvent>();
  private nextEventId = randomInt(1_000_000, 9_000_000);

  constructor(
    private readonly portalId: number,
    private readonly now: () => number,
  ) {}

  register(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  get registered(): boolean {
    return this.target !== undefined;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues one event; nothing is queued while no target is registered. */
  record(
    objectType: SimObjectType,
    kind: 'deletion' | 'merge' | 'propertyChange' | 'creation',
    objectId: string,
    extra: Partial<WebhookEvent> = {},
  ): void {
    if (!this.target) return;
    this.pending.push({
      eventId: this.nextEventId++,
      subscriptionId: 1,
      portalId: this.portalId,
      appId: this.target.appId,
      occurredAt: this.now(),
      subscriptionType: `${SINGULAR[objectType]}.${kind}`,
      attemptNumber: 0,
      objectId: Number(objectId),
      changeSource: 'CRM_UI',
      ...extra,
    });
  }

  async flush(knobs: DeliveryKnobs = {}): Promise<DeliveryReport> {
    const target = this.target;
    if (!target) {
      return { status: null, events: 0, eventIds: [], error: 'no webhook target registered' };
    }
    const events = knobs.replayEventIds
      ? knobs.replayEventIds
          .map((id) => this.sent.get(id))
          .filter((e): e is WebhookEvent => e !== undefined)
          .map((e) => ({ ...e, attemptNumber: e.attemptNumber + 1 }))
      : this.pending.splice(0);
    if (events.length === 0) return { status: null, events: 0, eventIds: [] };
    const eventIds = events.map((e) => e.eventId);
    for (const event of events) this.sent.set(event.eventId, event);
    const body = JSON.stringify(events);
    const timestamp = String(this.now() + (knobs.timestampSkewMs ?? 0));
    const signature = signV3(
      knobs.wrongSecret ?? target.clientSecret,
      'POST',
      target.url,
      body,
      timestamp,
    );
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-v3': signature,
          'X-HubSpot-Signature-Version': 'v3',
          'X-HubSpot-Request-Timestamp': timestamp,
        },
        body,
      });
      await response.arrayBuffer();
      return { status: response.status, events: events.length, eventIds };
    } catch (error) {
      return {
        status: null,
        events: events.length,
        eventIds,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  reset(): void {
    this.target = undefined;
    this.pending = [];
    this.sent.clear();
  }
}

/** HubSpot's v3 request signature. */
export function signV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

import type { ConsumeMessage } from 'amqplib';

interface DeliveryFields {
  readonly queue: string;
  readonly messageId: string | undefined;
  readonly routingKey: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly contentType: string | undefined;
  /** The raw body, kept so a malformed message can be dead-lettered byte for byte. */
  readonly content: Buffer;
  /** The broker delivered this message before (to this or another consumer). */
  readonly redelivered: boolean;
  /** Earlier failed deliveries, from the quorum queue's `x-delivery-count` (0 on the first). */
  readonly deliveryCount: number;
  /** Generation of the consumer channel it arrived on; acks from older generations are no-ops. */
  readonly generation: number;
  /** Acked or nacked already (or its channel is gone). */
  readonly settled: boolean;
  /**
   * Acks on the channel it arrived on. Returns false, sending nothing, when it was settled
   * already or that channel has closed since: the broker then redelivers it.
   */
  ack(): boolean;
  /** Same rules as `ack()`; `requeue: false` dead-letters it through the queue's DLX. */
  nack(options: { readonly requeue: boolean }): boolean;
}

export interface ParsedDelivery extends DeliveryFields {
  readonly malformed: false;
  /** `JSON.parse` of the body: unvalidated, the caller checks its shape. */
  readonly body: unknown;
}

export interface MalformedDelivery extends DeliveryFields {
  readonly malformed: true;
  readonly body: undefined;
  /** Why the body is not JSON, ready to use as a dead-letter reason. */
  readonly parseError: string;
}

export type Delivery = ParsedDelivery | MalformedDelivery;

export type Settle = (action: 'ack' | 'nack-requeue' | 'nack-drop') => boolean;

export function toDelivery(
  message: ConsumeMessage,
  queue: string,
  generation: number,
  settle: Settle,
): Delivery {
  const headers: Record<string, unknown> = { ...(message.properties.headers ?? {}) };
  const messageId: unknown = message.properties.messageId;
  const contentType: unknown = message.properties.contentType;
  let settled = false;
  const settleOnce = (action: Parameters<Settle>[0]): boolean => {
    if (settled) return false;
    settled = true;
    return settle(action);
  };
  const fields: DeliveryFields = {
    queue,
    messageId: typeof messageId === 'string' ? messageId : undefined,
    routingKey: message.fields.routingKey,
    headers,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    content: message.content,
    redelivered: message.fields.redelivered,
    deliveryCount: deliveryCountOf(headers),
    generation,
    get settled() {
      return settled;
    },
    ack: () => settleOnce('ack'),
    nack: ({ requeue }) => settleOnce(requeue ? 'nack-requeue' : 'nack-drop'),
  };
  const parsed = parseJson(message.content);
  return 'error' in parsed
    ? withFields(fields, { malformed: true as const, body: undefined, parseError: parsed.error })
    : withFields(fields, { malformed: false as const, body: parsed.value });
}

// Copies the property descriptors, so the `settled` getter stays live on the result.
function withFields<T extends object>(fields: DeliveryFields, extra: T): DeliveryFields & T {
  return Object.defineProperties(
    extra,
    Object.getOwnPropertyDescriptors(fields),
  ) as DeliveryFields & T;
}

function deliveryCountOf(headers: Record<string, unknown>): number {
  const count = headers['x-delivery-count'];
  return typeof count === 'number' && Number.isFinite(count) ? count : 0;
}

function parseJson(content: Buffer): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(content.toString('utf8')) as unknown };
  } catch (error) {
    return {
      error: `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

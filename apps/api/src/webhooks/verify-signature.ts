import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot retries for a while; anything older (or this far in the future) is refused. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'bad-signature';

export interface SignedRequest {
  readonly method: string;
  /** The full URI HubSpot sent to, e.g. https://host/webhooks/hubspot?x=1. */
  readonly uri: string;
  readonly rawBody: Buffer;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
}

/** HubSpot decodes these percent-escapes in the URI before signing. */
const DECODED: ReadonlyArray<[string, string]> = [
  ['%3A', ':'],
  ['%2F', '/'],
  ['%3F', '?'],
  ['%40', '@'],
  ['%21', '!'],
  ['%24', '$'],
  ['%27', "'"],
  ['%28', '('],
  ['%29', ')'],
  ['%2A', '*'],
  ['%2C', ','],
  ['%3B', ';'],
];

export function decodeListedEscapes(uri: string): string {
  let decoded = uri;
  for (const [escape, char] of DECODED) decoded = decoded.replace(new RegExp(escape, 'gi'), char);
  return decoded;
}

/**
 * HubSpot's v3 signature: base64(HMAC-SHA256(client secret, method + URI + raw body +
 * timestamp)), the timestamp (ms) no older than 5 minutes, compared in constant time.
 */
export function checkSignatureV3(
  request: SignedRequest,
  clientSecret: string,
  nowMs: number,
): SignatureCheck {
  const { signature, timestamp } = request;
  if (!signature || !timestamp) return 'missing';
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - sentAt) > MAX_SIGNATURE_AGE_MS) return 'stale';
  const expected = createHmac('sha256', clientSecret)
    .update(`${request.method}${decodeListedEscapes(request.uri)}`)
    .update(request.rawBody)
    .update(timestamp)
    .digest();
  const given = Buffer.from(signature, 'base64');
  // Lengths are public (a SHA-256 is 32 bytes); the bytes are compared in constant time.
  if (given.length !== expected.length) return 'bad-signature';
  return timingSafeEqual(given, expected) ? 'ok' : 'bad-signature';
}

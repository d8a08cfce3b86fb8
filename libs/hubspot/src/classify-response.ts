import { HubSpotError, type PropertyValidationError, type RateLimitPolicy } from './hubspot-error';
import { headerValue, parseRetryAfterMs, type HeaderBag } from './rate-limit-headers';
import type { RequestAudit } from './request-audit';

export interface RawResponse {
  status: number;
  headers: HeaderBag;
  text: string;
}

/** HubSpot asks for at least this long after a 423 Locked. */
export const LOCKED_MIN_WAIT_MS = 2_000;

const RETRYABLE_STATUSES = new Set([408, 500, 502, 503, 504, 521, 523, 524]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function looksLikeHtml(response: RawResponse): boolean {
  const type = headerValue(response.headers, 'content-type') ?? '';
  return type.includes('text/html') || /^\s*</.test(response.text);
}

/** The JSON object in the body, or undefined when the body is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Correlation id from the body, else from HubSpot's response header. */
export function correlationIdOf(
  response: RawResponse,
  body?: Record<string, unknown>,
): string | undefined {
  const fromBody = body?.correlationId;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  return headerValue(response.headers, 'x-hubspot-correlation-id');
}

/** Extracts the JSON list from "Property values were not valid: [...]". */
export function parsePropertyErrors(message: string): PropertyValidationError[] {
  const start = message.indexOf('[');
  const end = message.lastIndexOf(']');
  if (start < 0 || end <= start) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isRecord).map((entry) => ({
    name: typeof entry.name === 'string' ? entry.name : '',
    error: typeof entry.error === 'string' ? entry.error : '',
    message: typeof entry.message === 'string' ? entry.message : '',
  }));
}

/**
 * Turns a non-2xx answer into a HubSpotError. `redact` scrubs the token from anything HubSpot
 * might have echoed back.
 */
export function classifyErrorResponse(
  response: RawResponse,
  request: RequestAudit,
  redact: (text: string) => string,
  now: number = Date.now(),
): HubSpotError {
  const { status } = response;
  const body = parseJsonObject(response.text);
  const category = typeof body?.category === 'string' ? body.category : undefined;
  const correlationId = correlationIdOf(response, body);
  const hubspotMessage = redact(
    typeof body?.message === 'string'
      ? body.message
      : looksLikeHtml(response)
        ? `an HTML page (${titleOf(response.text)})`
        : response.text.slice(0, 200) || 'an empty body',
  );
  const base = { status, category, correlationId, request };
  const message = (summary: string) =>
    `HubSpot ${request.method} ${request.path} answered ${status}${category ? ` ${category}` : ''}: ${summary}`;
  const retryAfterMs = parseRetryAfterMs(response.headers, now);

  if (typeof body?.correctHublet === 'string') {
    return new HubSpotError({
      ...base,
      kind: 'wrong-hublet',
      correctHublet: body.correctHublet,
      message: message(`${hubspotMessage} (the portal is on hublet ${body.correctHublet})`),
    });
  }
  if (status === 429) {
    const policy: RateLimitPolicy = body?.policyName === 'DAILY' ? 'DAILY' : 'TEN_SECONDLY_ROLLING';
    return new HubSpotError({
      ...base,
      kind: 'rate-limited',
      policy,
      retryAfterMs,
      message: message(hubspotMessage),
    });
  }
  if (status === 400) {
    return new HubSpotError({
      ...base,
      kind: 'validation',
      propertyErrors: parsePropertyErrors(hubspotMessage),
      message: message(hubspotMessage),
    });
  }
  if (status === 401)
    return new HubSpotError({ ...base, kind: 'auth', message: message(hubspotMessage) });
  if (status === 403)
    return new HubSpotError({ ...base, kind: 'forbidden', message: message(hubspotMessage) });
  if (status === 423) {
    return new HubSpotError({
      ...base,
      kind: 'retryable',
      retryAfterMs: Math.max(LOCKED_MIN_WAIT_MS, retryAfterMs ?? 0),
      message: message(hubspotMessage),
    });
  }
  if (status === 477 || status >= 500 || RETRYABLE_STATUSES.has(status)) {
    return new HubSpotError({
      ...base,
      kind: 'retryable',
      retryAfterMs,
      message: message(hubspotMessage),
    });
  }
  return new HubSpotError({ ...base, kind: 'rejected', message: message(hubspotMessage) });
}

function titleOf(html: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  return title && title !== '' ? title : 'untitled';
}

/** A 2xx whose body is not the JSON object the API promises. */
export function badResponse(
  response: RawResponse,
  request: RequestAudit,
  detail: string,
): HubSpotError {
  // Proxies and maintenance pages answer 200 with HTML: worth a retry, unlike a malformed body.
  const html = looksLikeHtml(response);
  return new HubSpotError({
    kind: html ? 'retryable' : 'bad-response',
    status: response.status,
    correlationId: correlationIdOf(response),
    request,
    message: `HubSpot ${request.method} ${request.path} answered ${response.status} with ${html ? `an HTML page (${titleOf(response.text)})` : detail}`,
  });
}

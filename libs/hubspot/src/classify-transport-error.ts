import { HubSpotError } from './hubspot-error';
import type { RequestAudit } from './request-audit';

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === error ? undefined : codeOf(cause);
}

/**
 * A request that got no HTTP answer. Time-outs are told apart because the write may have been
 * applied; every other transport failure (reset, refused, DNS) is worth a retry.
 */
export function classifyTransportError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  request: RequestAudit,
  redact: (text: string) => string,
): HubSpotError {
  const code = codeOf(error);
  const where = `HubSpot ${request.method} ${request.path}`;
  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new HubSpotError({
      kind: 'timeout',
      request,
      message: `${where} got no complete answer within ${timeoutMs} ms`,
    });
  }
  const detail = redact(error instanceof Error ? error.message : String(error));
  return new HubSpotError({
    kind: 'retryable',
    request,
    message: `${where} failed before an answer arrived${code ? ` (${code})` : ''}: ${detail}`,
  });
}

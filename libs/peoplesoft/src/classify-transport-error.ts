import { quote } from './quote-text';
import { PeopleSoftError } from './peoplesoft-error';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  // A firewall that drops packets shows as a connect timeout: no smaller window would help.
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Node's certificate verification failures (OpenSSL names) and TLS handshake failures. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME/;

interface Failure {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

/** undici wraps the real failure in `TypeError: fetch failed` causes; the innermost one counts. */
function innermost(error: unknown): Failure {
  let current: unknown = error;
  let found: Failure = { name: '', code: '', message: String(error) };
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as {
      name?: unknown;
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    found = {
      name: typeof record.name === 'string' ? record.name : found.name,
      code: typeof record.code === 'string' ? record.code : found.code,
      message: typeof record.message === 'string' ? record.message : found.message,
    };
    current = record.cause;
  }
  return found;
}

function isTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { name?: unknown; code?: unknown; cause?: unknown };
    if (record.name === 'TimeoutError' || record.name === 'AbortError') return true;
    if (record.code === 'UND_ERR_HEADERS_TIMEOUT' || record.code === 'UND_ERR_BODY_TIMEOUT') {
      return true;
    }
    current = record.cause;
  }
  return false;
}

/**
 * A request that got no HTTP answer at all: timed out, never connected, or refused at the TLS
 * handshake. `what` names the peer (PeopleSoft or the token endpoint) for the message.
 */
export function classifyTransportError(
  error: unknown,
  what: string,
  timeoutMs: number,
): PeopleSoftError {
  if (error instanceof PeopleSoftError) return error;
  if (isTimeout(error)) {
    return new PeopleSoftError(
      'timeout',
      `${what} did not answer within ${timeoutMs} ms`,
      'A large window makes PeopleSoft run long; smaller windows help. If small windows time out ' +
        'too, raise timeoutMs or ask the administrator to index LASTUPDDTTM.',
    );
  }
  const failure = innermost(error);
  const detail = quote(failure.code ? `${failure.code}: ${failure.message}` : failure.message);
  if (TLS_CODE.test(failure.code) || /certificate|SSL|TLS/i.test(failure.message)) {
    return new PeopleSoftError(
      'tls',
      `The TLS connection to ${what} failed (${detail})`,
      "If the server uses a certificate from the customer's internal CA, paste that CA (PEM) into " +
        "the connection's CA certificate setting; check too that the host name matches the " +
        'certificate and that the scheme (http/https) matches the port. Verification stays on.',
    );
  }
  return new PeopleSoftError(
    'unreachable',
    `${what} could not be reached (${detail})`,
    UNREACHABLE_CODES.has(failure.code) || failure.code === ''
      ? 'Check host and port, DNS, and that the customer firewall lets the connector in.'
      : 'Check the network path between the connector and the server.',
  );
}

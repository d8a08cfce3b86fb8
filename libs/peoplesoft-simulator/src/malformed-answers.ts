import { SimResponse } from './ib-responses';
import { SimInputError } from './sim-input-error';

/**
 * A canned answer served instead of the Integration Broker's, byte for byte: HTML or IBResponse
 * bodies with 200, cut-off JSON, invalid UTF-8, a BOM, an empty body. Over HTTP (`POST
 * /__sim/faults`) a binary body is given as `bodyBase64`.
 */
export interface RawAnswer {
  readonly status?: number;
  readonly contentType?: string;
  readonly body?: string | Buffer;
  readonly bodyBase64?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Malformed rows slipped into the next successful JSON answers of the query service and the
 * custom operation, next to the real rows. `rows` are JSON values (objects with wrong types, a
 * number where a row belongs...); `rawRows` are spliced in as raw text or bytes, for what
 * JSON.stringify cannot produce: duplicated member names, invalid UTF-8, lone surrogate escapes.
 */
export interface MalformedRows {
  readonly rows?: readonly unknown[];
  readonly rawRows?: ReadonlyArray<string | Buffer>;
  /** The same, base64-encoded (for the HTTP control route). */
  readonly rawRowsBase64?: readonly string[];
  /** Where they go among the real rows; 'end' by default. */
  readonly position?: 'start' | 'end';
  /** How many answers get them; every answer until reset when absent. */
  readonly answers?: number;
  /** Only answers of this query (or operation alias); any when absent. */
  readonly target?: string;
}

const STATUS_MIN = 100;
const STATUS_MAX = 599;

function bytesOf(value: string | Buffer): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
}

export function checkRawAnswer(answer: RawAnswer, index: number): SimResponse {
  const where = `rawAnswers[${index}]`;
  if (typeof answer !== 'object' || answer === null)
    throw new SimInputError(`${where} must be an object`);
  const status = answer.status ?? 200;
  if (!Number.isInteger(status) || status < STATUS_MIN || status > STATUS_MAX)
    throw new SimInputError(`${where}.status must be an HTTP status (100-599)`);
  if (answer.body !== undefined && answer.bodyBase64 !== undefined)
    throw new SimInputError(`${where} takes body or bodyBase64, not both`);
  if (answer.body !== undefined && typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body))
    throw new SimInputError(`${where}.body must be text`);
  if (answer.bodyBase64 !== undefined && typeof answer.bodyBase64 !== 'string')
    throw new SimInputError(`${where}.bodyBase64 must be base64 text`);
  if (answer.contentType !== undefined && typeof answer.contentType !== 'string')
    throw new SimInputError(`${where}.contentType must be text`);
  const body =
    answer.bodyBase64 !== undefined
      ? Buffer.from(answer.bodyBase64, 'base64')
      : bytesOf(answer.body ?? '');
  return {
    status,
    contentType: answer.contentType ?? 'application/json; charset=UTF-8',
    body,
    headers: answer.headers,
  };
}

/** A checked, ready-to-splice set of rows. */
export interface RowInjection {
  readonly fragments: readonly Buffer[];
  readonly position: 'start' | 'end';
  readonly target: string | undefined;
  remaining: number;
}

export function checkMalformedRows(settings: MalformedRows): RowInjection {
  if (typeof settings !== 'object' || settings === null)
    throw new SimInputError('malformedRows must be an object');
  const rows = settings.rows ?? [];
  const raw = settings.rawRows ?? [];
  const base64 = settings.rawRowsBase64 ?? [];
  if (!Array.isArray(rows) || !Array.isArray(raw) || !Array.isArray(base64))
    throw new SimInputError('malformedRows.rows, rawRows and rawRowsBase64 must be lists');
  const fragments: Buffer[] = [
    ...rows.map((row) => Buffer.from(JSON.stringify(row) ?? 'null', 'utf8')),
    ...raw.map((fragment) => {
      if (typeof fragment !== 'string' && !Buffer.isBuffer(fragment))
        throw new SimInputError('malformedRows.rawRows holds text or bytes');
      return bytesOf(fragment);
    }),
    ...base64.map((text) => {
      if (typeof text !== 'string')
        throw new SimInputError('malformedRows.rawRowsBase64 holds base64 text');
      return Buffer.from(text, 'base64');
    }),
  ];
  if (fragments.length === 0) throw new SimInputError('malformedRows needs at least one row');
  const position = settings.position ?? 'end';
  if (position !== 'start' && position !== 'end')
    throw new SimInputError("malformedRows.position must be 'start' or 'end'");
  const answers = settings.answers;
  if (answers !== undefined && (!Number.isInteger(answers) || answers < 1))
    throw new SimInputError('malformedRows.answers must be a positive integer');
  if (settings.target !== undefined && typeof settings.target !== 'string')
    throw new SimInputError('malformedRows.target must be a query name or operation alias');
  return {
    fragments,
    position,
    target: settings.target,
    remaining: answers ?? Number.POSITIVE_INFINITY,
  };
}

/**
 * The answer with the injected rows spliced into its row list (`data.query.rows` or `rows`),
 * `numrows` counting them. The real rows are re-serialised exactly as the service wrote them.
 */
export function spliceRows(answer: SimResponse, injection: RowInjection): SimResponse {
  const text = Buffer.isBuffer(answer.body) ? answer.body.toString('utf8') : answer.body;
  const document = JSON.parse(text) as Record<string, unknown>;
  const data = document['data'] as Record<string, unknown> | undefined;
  const query = data?.['query'] as Record<string, unknown> | undefined;
  const holder = query ?? document;
  const real = Array.isArray(holder['rows']) ? (holder['rows'] as unknown[]) : [];
  if (typeof holder['numrows'] === 'number')
    holder['numrows'] = real.length + injection.fragments.length;
  const marker = '__ml_sim_rows__';
  holder['rows'] = marker;
  const [before, after] = JSON.stringify(document).split(`"rows":"${marker}"`);
  const realFragments = real.map((row) => Buffer.from(JSON.stringify(row), 'utf8'));
  const ordered =
    injection.position === 'start'
      ? [...injection.fragments, ...realFragments]
      : [...realFragments, ...injection.fragments];
  const parts: Buffer[] = [Buffer.from(`${before}"rows":[`, 'utf8')];
  ordered.forEach((fragment, index) => {
    if (index > 0) parts.push(Buffer.from(',', 'utf8'));
    parts.push(fragment);
  });
  parts.push(Buffer.from(`]${after}`, 'utf8'));
  return { ...answer, body: Buffer.concat(parts) };
}

/** The query name or operation alias a Listening Connector path addresses. */
export function targetOf(pathname: string): string | undefined {
  const segments = pathname.split('/').filter(Boolean);
  // PSIGW / RESTListeningConnector / NODE / ALIAS / [public / QUERY / ...]
  const alias = segments[3];
  if (alias === 'ExecuteQuery.v1') return segments[5];
  return alias;
}

import { quote } from './quote-text';
import { PeopleSoftError } from './peoplesoft-error';
import { FetchWindowResult, PeopleSoftRow, RowError } from './peoplesoft-settings';
import { readRow } from './read-row';

export interface ParseOptions {
  readonly maxRows: number;
  readonly requiredColumns?: readonly string[];
  /** `query ML_EMPLOYEES`, for messages. */
  readonly target: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value);
  return undefined;
}

function badResponse(target: string, problem: string): PeopleSoftError {
  return new PeopleSoftError(
    'bad-response',
    `PeopleSoft's answer for ${target} ${problem}`,
    'Run the same request with curl (see docs/peoplesoft-setup.md) and compare; a proxy that ' +
      'cuts long answers or a query built with another output type are the usual causes.',
  );
}

function failureMessage(document: JsonObject): string {
  const data = isObject(document['data']) ? document['data'] : {};
  for (const candidate of [
    document['message'],
    document['error'],
    data['message'],
    data['error'],
  ]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return quote(candidate);
  }
  return quote(JSON.stringify(document).slice(0, 200));
}

/**
 * The row list of a QAS answer (`data.query.rows`), of a custom operation (`rows`, or a bare
 * list), with one collapsed row object (as XML-to-JSON converters produce) taken as a list.
 */
function rowsOf(document: unknown, target: string): { rows: unknown[]; numrows?: number } {
  if (Array.isArray(document)) return { rows: document };
  if (!isObject(document))
    throw badResponse(target, `is ${JSON.stringify(document)}, not an object`);
  const status = document['status'];
  if (typeof status === 'string' && status.toLowerCase() !== 'success') {
    throw new PeopleSoftError(
      'application',
      `PeopleSoft reported status "${quote(status)}" for ${target}: ${failureMessage(document)}`,
      `Check the ${target} definition and its prompts in PeopleSoft.`,
    );
  }
  const data = isObject(document['data']) ? document['data'] : undefined;
  const query = isObject(data?.['query'])
    ? data['query']
    : isObject(document['query'])
      ? document['query']
      : document;
  const numrows = count(query['numrows']);
  const rows = query['rows'];
  if (Array.isArray(rows)) return { rows, numrows };
  if (isObject(rows)) return { rows: [rows], numrows };
  if (
    (rows === undefined || rows === null || rows === '') &&
    (numrows === 0 || 'queryname=' in query)
  ) {
    return { rows: [], numrows };
  }
  throw badResponse(
    target,
    rows === undefined ? 'has no rows member' : `has rows of type ${typeof rows}`,
  );
}

function rowNumberOf(raw: unknown, index: number): number {
  const declared = isObject(raw) ? count(raw['attr:rownumber']) : undefined;
  return declared !== undefined && declared > 0 ? declared : index + 1;
}

/** Parses a successful answer; rows that cannot be read become row errors, the rest survive. */
export function parseQueryResponse(body: string, options: ParseOptions): FetchWindowResult {
  let document: unknown;
  try {
    document = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unparseable';
    throw badResponse(
      options.target,
      `is not valid JSON (${quote(detail)}); it may have been cut off`,
    );
  }
  const { rows: rawRows, numrows } = rowsOf(document, options.target);
  const rows: PeopleSoftRow[] = [];
  const rowErrors: RowError[] = [];
  rawRows.forEach((raw, index) => {
    const reading = readRow(raw, options.requiredColumns);
    if (reading.ok) rows.push(reading.row);
    else rowErrors.push({ rowNumber: rowNumberOf(raw, index), reason: reading.reason });
  });
  // numrows larger than the list means rows went missing on the way: count them as received.
  const rowCount = Math.max(rawRows.length, numrows ?? 0);
  return { rows, rowCount, truncated: rowCount >= options.maxRows, rowErrors };
}

import { quote } from './quote-text';
import { PeopleSoftRow } from './peoplesoft-settings';
import {
  isCanonicalPeopleSoftTimestamp,
  normalisePeopleSoftTimestamp,
  tryParsePeopleSoftDate,
} from './peoplesoft-timestamp';

export type RowReading =
  | { readonly ok: true; readonly row: PeopleSoftRow }
  | { readonly ok: false; readonly reason: string };

/** Record aliases PS Query puts before plain fields: A., B., ... and AA. on very wide queries. */
const ALIAS = /^[A-Za-z]{1,2}\./;
/** PeopleSoft field names have 18 characters and headings 30; far beyond that is garbage. */
const MAX_COLUMN_NAME = 128;
const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * TO_CHAR'd timestamps arrive as PeopleSoft writes them; a raw DateTime field may come in ISO
 * shape depending on release and locale, so both are accepted and written canonically.
 */
function canonicalTimestamp(text: string): string | undefined {
  if (isCanonicalPeopleSoftTimestamp(text)) return text;
  const iso = ISO_LIKE.exec(text);
  const candidate = iso ? `${iso[1]}-${iso[2]}.${iso[3]}.${iso[4]}.${iso[5] ?? '0'}` : text;
  try {
    return normalisePeopleSoftTimestamp(candidate);
  } catch {
    return undefined;
  }
}

/** Column names by JSON key: every row of an answer repeats the same keys. */
const columnNames = new Map<string, string>();
/** Enough for every column of every query; a hostile answer cannot grow it without bound. */
const MOST_CACHED_NAMES = 4_096;

function columnName(key: string): string {
  let name = columnNames.get(key);
  if (name === undefined) {
    name = key.trim().replace(ALIAS, '');
    if (columnNames.size < MOST_CACHED_NAMES) columnNames.set(key, name);
  }
  return name;
}

/** Why a value cannot be a column's text. */
class Problem {
  constructor(readonly text: string) {}
}

/** Text of one value, or why it cannot be text. Only trailing blanks are CHAR padding. */
function columnText(name: string, value: unknown): string | Problem {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : new Problem(`${name} is not a finite number`);
  }
  if (typeof value !== 'string')
    return new Problem(`${name} holds ${describe(value)}, not text or a number`);
  if (value.includes('\u0000')) return new Problem(`${name} contains a NUL character`);
  // U+FFFD is what decoding left where PeopleSoft sent bytes that are not UTF-8: syncing the
  // value would overwrite good HubSpot data with it ("M\uFFFDller").
  if (value.includes('\uFFFD')) {
    return new Problem(
      `${name} contains bytes that are not valid UTF-8 (check the gateway's character set)`,
    );
  }
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === SPACE) end--;
  return end === value.length ? value : value.slice(0, end);
}

const SPACE = 0x20;

function checkKnownFormats(row: Record<string, string>, problems: string[]): void {
  const stamp = row['LASTUPDDTTM'];
  if (stamp !== undefined && stamp !== '') {
    const canonical = canonicalTimestamp(stamp);
    if (canonical === undefined) {
      problems.push(`LASTUPDDTTM "${quote(stamp).slice(0, 40)}" is not a PeopleSoft timestamp`);
    } else {
      row['LASTUPDDTTM'] = canonical;
    }
  }
  const effdt = row['EFFDT'];
  if (effdt !== undefined && effdt !== '' && tryParsePeopleSoftDate(effdt) === undefined) {
    problems.push(`EFFDT "${quote(effdt).slice(0, 40)}" is not a date (YYYY-MM-DD)`);
  }
}

/**
 * One row of a query answer as plain text columns: aliases stripped, padding trimmed, null and
 * absent columns left out. Anything PeopleSoft could not have meant makes the row unreadable
 * on its own, so the other rows of the window still go through.
 */
export function readRow(raw: unknown, requiredColumns: readonly string[] = []): RowReading {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: `row is ${describe(raw)}, not an object` };
  }
  const row: Record<string, string> = {};
  const problems: string[] = [];
  const source = raw as Record<string, unknown>;
  // for-in, not Object.entries: no pair arrays per column. JSON.parse makes own properties only.
  for (const key in source) {
    const value = source[key];
    if (value === null || value === undefined || key.startsWith('attr:')) continue;
    const name = columnName(key);
    if (name === '' || name.length > MAX_COLUMN_NAME || name.includes('\u0000')) {
      problems.push(
        `a column name is unusable ("${quote(key).slice(0, 40)}", ${key.length} characters)`,
      );
      continue;
    }
    // The first of two columns that only differ by alias wins: joins make them equal anyway.
    if (name in row) continue;
    const text = columnText(name, value);
    if (typeof text === 'string') row[name] = text;
    else problems.push(text.text);
  }
  checkKnownFormats(row, problems);
  for (const column of requiredColumns) {
    if (row[column] === undefined) problems.push(`required column ${column} is missing`);
    else if (row[column] === '') problems.push(`required column ${column} is empty`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? `; and ${problems.length - 3} more problems` : '';
    return { ok: false, reason: shown + more };
  }
  return { ok: true, row };
}

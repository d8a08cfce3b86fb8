import type { SourceRow } from './source-row';

/** A row keyed now that takes effect on a later day; sent to HubSpot on that day. */
export interface DeferredRow {
  readonly sourceId: string;
  /** EFFDT, YYYY-MM-DD. */
  readonly effectiveDate: string;
  readonly row: SourceRow;
}

/** JSON allows a lone surrogate; Postgres jsonb, where deferred rows wait, does not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storable(row: SourceRow): boolean {
  return Object.values(row).every(
    (v) => typeof v !== 'string' || (!LONE_SURROGATE.test(v) && !v.includes('\u0000')),
  );
}

/** PeopleSoft EMPLID is CHAR(11); EFFDT a date. */
const EMPLID = /^[\x21-\x7e]{1,11}$/;
const EFFDT = /^\d{4}-\d{2}-\d{2}$/;

export interface CurrentRows {
  /** One row per person: the row in force today for the primary employment record. */
  readonly current: SourceRow[];
  /** Rows keyed now but effective after today, to emit on the day they take effect. */
  readonly deferred: DeferredRow[];
}

/**
 * Which employment record (EMPL_RCD) of a person becomes the HubSpot contact:
 * - `lowest` (default): the lowest EMPL_RCD, PeopleSoft's primary job;
 * - `highest`: the highest EMPL_RCD, the newest employment record (sites that rehire into a new
 *   record: a person terminated in record 0 and rehired in record 1 is an active contact);
 * - a number: that EMPL_RCD; a person without it falls back to the lowest.
 * Each rule ranks single rows, never a combination of records, so the poller, which sees one
 * window of changed rows at a time, reaches the same answer whatever the order of the windows.
 */
export type PrimaryEmplRcd = 'lowest' | 'highest' | number;

export const DEFAULT_PRIMARY_EMPL_RCD: PrimaryEmplRcd = 'lowest';

/** PeopleSoft EMPL_RCD is a 3-digit number. */
export const MAX_EMPL_RCD = 999;

/** A readable reason when `value` is not a PrimaryEmplRcd, or null when it is one. */
export function primaryEmplRcdProblem(value: unknown): string | null {
  if (value === 'lowest' || value === 'highest') return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_EMPL_RCD)
    return null;
  return `must be 'lowest', 'highest' or an EMPL_RCD number from 0 to ${MAX_EMPL_RCD}`;
}

/**
 * PeopleSoft effective dating: the row in force is the greatest EFFDT <= today, then the
 * greatest EFFSEQ for that date; one contact per EMPLID, from the employment record `primary`
 * picks (the lowest EMPL_RCD by default). A future-dated row is deferred, never applied early
 * and never dropped.
 */
export function selectCurrentEmployeeRows(
  rows: readonly SourceRow[],
  today: string,
  primary: PrimaryEmplRcd = DEFAULT_PRIMARY_EMPL_RCD,
): CurrentRows {
  const best = new Map<string, { row: SourceRow; key: string }>();
  const deferred: DeferredRow[] = [];
  for (const row of rows) {
    const emplid = text(row.EMPLID);
    const effdt = text(row.EFFDT);
    // Only a well-formed key may be deferred (stored, keyed by EMPLID, until its day): anything
    // else goes to mapping now, which rejects it with a reason.
    if (!EMPLID.test(emplid) || !EFFDT.test(effdt) || !storable(row)) {
      // Keyless rows still go through mapping, which fails them with a readable reason.
      best.set(`\u0000${best.size}`, { row, key: '' });
      continue;
    }
    if (effdt > today) {
      deferred.push({ sourceId: emplid, effectiveDate: effdt, row });
      continue;
    }
    const key = currencyKeyOf(row, primary);
    const held = best.get(emplid);
    if (!held || key > held.key) best.set(emplid, { row, key });
  }
  return { current: [...best.values()].map((b) => b.row), deferred };
}

/**
 * Orders an employee's rows the way selectCurrentEmployeeRows prefers them, as text the database
 * can store and compare: the record `primary` ranks first wins, then the later EFFDT, then the
 * greater EFFSEQ. The poller never emits a row whose key is below the one it emitted last (see
 * mayReplace), so a correction keyed today to a row that stopped being in force years ago is
 * not sent to HubSpot as the employee's current state.
 *
 * The default rule keeps the key it always had (`9999|EFFDT|EFFSEQ` for EMPL_RCD 0); the other
 * rules prefix theirs (`highest:`, `rcd3:`), so keys stored under another rule are recognised.
 */
export function currencyKeyOf(
  row: SourceRow,
  primary: PrimaryEmplRcd = DEFAULT_PRIMARY_EMPL_RCD,
): string {
  const rcd = Math.min(Math.max(num(row.EMPL_RCD), 0), 9999);
  const effseq = Math.min(Math.max(num(row.EFFSEQ), 0), 999_999);
  const rest = `${text(row.EFFDT)}|${String(effseq).padStart(6, '0')}`;
  const rank = (n: number) => String(n).padStart(4, '0');
  if (primary === 'lowest') return `${rank(9999 - rcd)}|${rest}`;
  if (primary === 'highest') return `highest:${rank(rcd)}|${rest}`;
  // The chosen record outranks every other; the others follow lowest first (the fallback).
  const ranked = rcd === primary ? 9999 : 9998 - Math.min(rcd, 9998);
  return `rcd${primary}:${rank(ranked)}|${rest}`;
}

/**
 * The row's currency key when it can be ranked at all (a well-formed EMPLID and EFFDT, as
 * selectCurrentEmployeeRows requires of a row before ranking it), else null. A refused row in
 * force keeps older rows out by its key; a malformed EFFDT would compare above every real date
 * and keep the person's valid rows out for good.
 */
export function rankedCurrencyKeyOf(
  row: SourceRow,
  primary: PrimaryEmplRcd = DEFAULT_PRIMARY_EMPL_RCD,
): string | null {
  const rankable = EMPLID.test(text(row.EMPLID)) && EFFDT.test(text(row.EFFDT)) && storable(row);
  return rankable ? currencyKeyOf(row, primary) : null;
}

/**
 * Whether a row with currency key `candidate` may replace the one emitted last (`held`): yes
 * when it ranks the same or higher. A key stored under another rule (the connection's
 * primaryEmplRcd changed) says nothing about the new rule's order: the candidate may replace it.
 */
export function mayReplace(candidate: string, held: string): boolean {
  if (ruleOf(candidate) !== ruleOf(held)) return true;
  return candidate >= held;
}

function ruleOf(key: string): string {
  const colon = key.indexOf(':');
  // Only a prefix before the first '|' is a rule: the default key starts with digits.
  return colon >= 0 && colon < key.indexOf('|') ? key.slice(0, colon) : '';
}

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function num(value: string | number | null | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Today's date (YYYY-MM-DD) in a time zone: the "today" effective dating is judged by. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

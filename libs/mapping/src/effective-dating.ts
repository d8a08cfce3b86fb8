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
 * PeopleSoft effective dating: the row in force is the greatest EFFDT <= today, then the
 * greatest EFFSEQ for that date; one contact per EMPLID, taken from the lowest EMPL_RCD (the
 * primary job). A future-dated row is deferred, never applied early and never dropped.
 */
export function selectCurrentEmployeeRows(rows: readonly SourceRow[], today: string): CurrentRows {
  const best = new Map<string, SourceRow>();
  const deferred: DeferredRow[] = [];
  for (const row of rows) {
    const emplid = text(row.EMPLID);
    const effdt = text(row.EFFDT);
    // Only a well-formed key may be deferred (stored, keyed by EMPLID, until its day): anything
    // else goes to mapping now, which rejects it with a reason.
    if (!EMPLID.test(emplid) || !EFFDT.test(effdt) || !storable(row)) {
      // Keyless rows still go through mapping, which fails them with a readable reason.
      best.set(`\u0000${best.size}`, row);
      continue;
    }
    if (effdt > today) {
      deferred.push({ sourceId: emplid, effectiveDate: effdt, row });
      continue;
    }
    const held = best.get(emplid);
    if (!held || isBetter(row, held)) best.set(emplid, row);
  }
  return { current: [...best.values()], deferred };
}

/**
 * Orders an employee's rows the way isBetter does, as text the database can store and compare:
 * a lower EMPL_RCD wins, then the later EFFDT, then the greater EFFSEQ. The poller never emits
 * a row whose key is below the one it emitted last, so a correction keyed today to a row that
 * stopped being in force years ago is not sent to HubSpot as the employee's current state.
 */
export function currencyKeyOf(row: SourceRow): string {
  const rcd = Math.min(Math.max(num(row.EMPL_RCD), 0), 9999);
  const effseq = Math.min(Math.max(num(row.EFFSEQ), 0), 999_999);
  return `${String(9999 - rcd).padStart(4, '0')}|${text(row.EFFDT)}|${String(effseq).padStart(6, '0')}`;
}

function isBetter(candidate: SourceRow, held: SourceRow): boolean {
  const rcd = num(candidate.EMPL_RCD) - num(held.EMPL_RCD);
  if (rcd !== 0) return rcd < 0;
  const effdt = text(candidate.EFFDT).localeCompare(text(held.EFFDT));
  if (effdt !== 0) return effdt > 0;
  return num(candidate.EFFSEQ) > num(held.EFFSEQ);
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

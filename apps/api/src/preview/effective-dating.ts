import type { SourceRow } from '@ml/mapping';

/**
 * PeopleSoft effective dating, as the poller applies it (apps/poller/src/poll-connection/
 * current-rows.ts; apps may not import each other, so the rule is repeated here and both
 * copies are held to the same cases by their specs).
 */
export interface CurrentEmployeeRows {
  /** One row per person: the row in force today for the primary employment record. */
  readonly current: SourceRow[];
  /** Rows keyed now but effective after today: the poller sends them on that day. */
  readonly deferred: ReadonlyArray<{ readonly sourceId: string; readonly effectiveDate: string }>;
}

/**
 * The row in force is the greatest EFFDT <= today, then the greatest EFFSEQ for that date; one
 * contact per EMPLID, taken from the lowest EMPL_RCD (the primary job). Keyless rows are kept so
 * mapping fails them with a readable reason.
 */
export function selectCurrentEmployeeRows(
  rows: readonly SourceRow[],
  today: string,
): CurrentEmployeeRows {
  const best = new Map<string, SourceRow>();
  const deferred: Array<{ sourceId: string; effectiveDate: string }> = [];
  for (const row of rows) {
    const emplid = text(row.EMPLID);
    const effdt = text(row.EFFDT);
    if (!emplid || !effdt) {
      best.set(`\u0000${best.size}`, row);
      continue;
    }
    if (effdt > today) {
      deferred.push({ sourceId: emplid, effectiveDate: effdt });
      continue;
    }
    const held = best.get(emplid);
    if (!held || isBetter(row, held)) best.set(emplid, row);
  }
  return { current: [...best.values()], deferred };
}

/**
 * Orders an employee's rows as text: a lower EMPL_RCD wins, then the later EFFDT, then the
 * greater EFFSEQ. Across windows, the row with the greatest key is the one HubSpot ends up with.
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

function text(value: SourceRow[string]): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function num(value: SourceRow[string]): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Today's date (YYYY-MM-DD) in the connection's time zone, the date effective dating uses. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

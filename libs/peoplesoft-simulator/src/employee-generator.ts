import { actionCode, EmplStatus, JobAction, statusCode } from './hr-codes';
import { JobTable } from './job-table';
import { EmployeeStore } from './employee-store';
import { PersonDirectory } from './person-directory';
import { DAY_MS } from './ps-time';
import { DEPARTMENTS, JOBCODES, LOCATIONS } from './reference-tables';
import { SeededRandom } from './seeded-random';

export interface EmployeeGenerationOptions {
  readonly count: number;
  readonly seed: number;
  /** PeopleSoft's "now" (naive ms): nothing is keyed after it. */
  readonly nowMs: number;
  /** How many rows a mass update stamped with one single LASTUPDDTTM (yesterday 02:00). */
  readonly sharedTimestampRows: number;
}

interface PlannedRow {
  emplRcd: number;
  effdt: number;
  action: JobAction;
  status: EmplStatus;
  dept: number;
  jobcode: number;
  location: number;
  keyedAt: number;
}

const HISTORY_DAYS = 365 * 8;

/**
 * Generates JOB history person by person, in key order, so the rows of one person are
 * contiguous and the table's natural order is the query's key order.
 */
export function generateEmployees(options: EmployeeGenerationOptions): EmployeeStore {
  const rng = new SeededRandom(options.seed);
  const table = new JobTable(Math.ceil(options.count * 2.6) + 16);
  const personRowStart = new Uint32Array(options.count + 1);
  const today = Math.floor(options.nowMs / DAY_MS);
  const massAt = (today - 1) * DAY_MS + 2 * 3_600_000;
  const massChance =
    options.count > 0 ? Math.min(1, options.sharedTimestampRows / (options.count * 0.7)) : 0;
  let massRemaining = options.sharedTimestampRows;

  for (let person = 0; person < options.count; person++) {
    personRowStart[person] = table.length;
    const planned = planJob(rng, 0, today, options.nowMs);
    const last = planned[planned.length - 1];
    if (
      massRemaining > 0 &&
      last &&
      last.status === 'A' &&
      last.effdt < today - 1 &&
      rng.chance(massChance)
    ) {
      planned.push({ ...last, effdt: today - 1, action: 'PAY', keyedAt: massAt });
      massRemaining--;
    }
    const tail = planned[planned.length - 1];
    if (tail && tail.status === 'A' && rng.chance(0.02)) {
      const keyedAt = options.nowMs - rng.int(1, 5) * DAY_MS - rng.int(0, 36_000) * 1000;
      planned.push({
        ...tail,
        effdt: today + rng.int(1, 30),
        action: 'TER',
        status: 'T',
        keyedAt: wholeSecond(keyedAt),
      });
    }
    if (rng.chance(0.04)) planned.push(...planJob(rng, 1, today, options.nowMs));
    writeRows(table, person, planned);
  }
  personRowStart[options.count] = table.length;
  return new EmployeeStore(table, new PersonDirectory(options.seed), options.count, personRowStart);
}

function planJob(rng: SeededRandom, emplRcd: number, today: number, nowMs: number): PlannedRow[] {
  let day = today - rng.int(20, HISTORY_DAYS);
  let row: PlannedRow = {
    emplRcd,
    effdt: day,
    action: 'HIR',
    status: 'A',
    dept: rng.int(0, DEPARTMENTS.length - 1),
    jobcode: rng.int(0, JOBCODES.length - 1),
    location: rng.int(0, LOCATIONS.length - 1),
    keyedAt: keyedAround(rng, day, nowMs),
  };
  const rows = [row];
  const steps = rng.int(0, 3);
  for (let step = 0; step < steps; step++) {
    const sameDay = rng.chance(0.1);
    if (!sameDay) day += rng.int(30, 700);
    if (day > today) break;
    const next = nextEvent(rng, row);
    if (!next) break;
    row = { ...next, effdt: day, keyedAt: keyedAround(rng, day, nowMs) };
    rows.push(row);
  }
  return rows;
}

function nextEvent(rng: SeededRandom, previous: PlannedRow): PlannedRow | undefined {
  if (previous.status === 'L') {
    return rng.chance(0.8)
      ? { ...previous, action: 'RFL', status: 'A' }
      : { ...previous, action: 'TER', status: 'T' };
  }
  if (previous.status !== 'A') {
    return rng.chance(0.3) ? { ...previous, action: 'REH', status: 'A' } : undefined;
  }
  const roll = rng.int(0, 99);
  if (roll < 35) return { ...previous, action: 'PAY' };
  if (roll < 50) return { ...previous, action: 'XFR', dept: rng.int(0, DEPARTMENTS.length - 1) };
  if (roll < 62) return { ...previous, action: 'PRO', jobcode: rng.int(0, JOBCODES.length - 1) };
  if (roll < 72) return { ...previous, action: 'DTA', location: rng.int(0, LOCATIONS.length - 1) };
  if (roll < 82) return { ...previous, action: 'LOA', status: 'L' };
  if (roll < 96) return { ...previous, action: 'TER', status: 'T' };
  return { ...previous, action: 'RET', status: 'R' };
}

/** Keyed between two weeks early and a few days late (retro entry), during office hours. */
function keyedAround(rng: SeededRandom, day: number, nowMs: number): number {
  const keyedDay = day + rng.int(-14, 3);
  const keyedAt = keyedDay * DAY_MS + rng.int(7 * 3600, 19 * 3600) * 1000;
  return wholeSecond(Math.min(keyedAt, nowMs - rng.int(60, 7200) * 1000));
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function writeRows(table: JobTable, person: number, planned: PlannedRow[]): void {
  planned.sort((a, b) => a.emplRcd - b.emplRcd || a.effdt - b.effdt);
  let effseq = 0;
  planned.forEach((row, i) => {
    const previous = planned[i - 1];
    effseq =
      previous && previous.emplRcd === row.emplRcd && previous.effdt === row.effdt ? effseq + 1 : 0;
    table.append({
      person,
      emplRcd: row.emplRcd,
      effdt: row.effdt,
      effseq,
      action: actionCode(row.action),
      status: statusCode(row.status),
      dept: row.dept,
      jobcode: row.jobcode,
      location: row.location,
      keyedAt: row.keyedAt,
    });
  });
}

import { JobRow, JobTable } from './job-table';
import { PersonDirectory } from './person-directory';
import { lowerBound, radixOrder, upperBound } from './radix-order';

/** Rows are ordered like the query's ORDER BY: LASTUPDDTTM, then EMPLID, EMPL_RCD, EFFDT, EFFSEQ. */
export interface EmployeeWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** Optional second arm: rows whose EFFDT (days) falls in [effFrom, effTo], whenever keyed. */
  readonly effFrom?: number;
  readonly effTo?: number;
  /** Rows committed later than this are not visible yet. */
  readonly nowMs: number;
  readonly limit: number;
}

const EPOCH_2000_SECONDS = Date.UTC(2000, 0, 1) / 1000;
const EFFDT_KEY_OFFSET = 1_000_000;

/**
 * All JOB rows: the generated bulk (sorted once, binary-searched per window) plus rows added
 * by mutations (kept sorted on insert, each with the moment its transaction commits).
 */
export class EmployeeStore {
  private readonly keyedOrder: Uint32Array;
  private effdtOrder: Uint32Array | undefined;
  private readonly extraRows: number[] = [];
  private readonly extraByPerson = new Map<number, number[]>();
  private readonly visibleAt = new Map<number, number>();
  private people: number;

  constructor(
    readonly table: JobTable,
    readonly directory: PersonDirectory,
    private readonly generatedPeople: number,
    private readonly personRowStart: Uint32Array,
  ) {
    this.people = generatedPeople;
    const generatedRows = personRowStart[generatedPeople];
    this.keyedOrder = radixOrder(generatedRows, (row) =>
      Math.max(0, Math.floor(table.keyedAt[row] / 1000) - EPOCH_2000_SECONDS),
    );
  }

  get personCount(): number {
    return this.people;
  }

  get rowCount(): number {
    return this.table.length;
  }

  addPerson(): number {
    return this.people++;
  }

  /** Adds a row keyed by a mutation; it becomes visible to queries at visibleAtMs. */
  addRow(row: JobRow, visibleAtMs: number): number {
    const index = this.table.append(row);
    const position = upperBound(
      this.extraRows.length,
      (p) => (this.table.compareKeyedThenKeys(this.extraRows[p], index) <= 0 ? 0 : 1),
      0,
    );
    this.extraRows.splice(position, 0, index);
    const own = this.extraByPerson.get(row.person) ?? [];
    own.push(index);
    this.extraByPerson.set(row.person, own);
    this.visibleAt.set(index, visibleAtMs);
    return index;
  }

  rowsOf(person: number): number[] {
    const rows: number[] = [];
    if (person < this.generatedPeople) {
      for (let row = this.personRowStart[person]; row < this.personRowStart[person + 1]; row++) {
        rows.push(row);
      }
    }
    rows.push(...(this.extraByPerson.get(person) ?? []));
    return rows;
  }

  /** Current row per EMPL_RCD: greatest EFFDT <= the day, then greatest EFFSEQ. */
  currentRows(person: number, day: number): Map<number, number> {
    const current = new Map<number, number>();
    for (const row of this.rowsOf(person)) {
      if (this.table.effdt[row] > day) continue;
      const rcd = this.table.emplRcd[row];
      const best = current.get(rcd);
      if (best === undefined || this.isLaterEffective(row, best)) current.set(rcd, row);
    }
    return current;
  }

  emplRcdsOf(person: number): number[] {
    return [...new Set(this.rowsOf(person).map((row) => this.table.emplRcd[row]))].sort(
      (a, b) => a - b,
    );
  }

  windowRows(window: EmployeeWindow): number[] {
    const keyed = this.keyedStream(window);
    if (window.effFrom === undefined || window.effTo === undefined) {
      return this.take(keyed, [], window.limit);
    }
    const effective = this.effectiveRows(window.effFrom, window.effTo, window.nowMs).filter(
      (row) => this.table.keyedAt[row] < window.fromMs || this.table.keyedAt[row] > window.toMs,
    );
    effective.sort((a, b) => this.table.compareKeyedThenKeys(a, b));
    return this.take(keyed, effective, window.limit);
  }

  private isLaterEffective(row: number, than: number): boolean {
    const { effdt, effseq } = this.table;
    return effdt[row] > effdt[than] || (effdt[row] === effdt[than] && effseq[row] > effseq[than]);
  }

  private isVisible(row: number, nowMs: number): boolean {
    return (this.visibleAt.get(row) ?? Number.NEGATIVE_INFINITY) <= nowMs;
  }

  /** Generated and mutated rows keyed inside the window, merged in query order. */
  private *keyedStream(window: EmployeeWindow): Generator<number> {
    const keyedAt = this.table.keyedAt;
    const order = this.keyedOrder;
    let g = lowerBound(order.length, (p) => keyedAt[order[p]], window.fromMs);
    const gEnd = upperBound(order.length, (p) => keyedAt[order[p]], window.toMs);
    const extras = this.extraRows;
    let e = lowerBound(extras.length, (p) => keyedAt[extras[p]], window.fromMs);
    const eEnd = upperBound(extras.length, (p) => keyedAt[extras[p]], window.toMs);
    while (g < gEnd || e < eEnd) {
      while (e < eEnd && !this.isVisible(extras[e], window.nowMs)) e++;
      const takeGenerated =
        g < gEnd && (e >= eEnd || this.table.compareKeyedThenKeys(order[g], extras[e]) <= 0);
      if (takeGenerated) yield order[g++];
      else if (e < eEnd) yield extras[e++];
    }
  }

  private effectiveRows(effFrom: number, effTo: number, nowMs: number): number[] {
    const order = this.effdtIndex();
    const effdt = this.table.effdt;
    const rows: number[] = [];
    const end = upperBound(order.length, (p) => effdt[order[p]], effTo);
    for (let p = lowerBound(order.length, (q) => effdt[order[q]], effFrom); p < end; p++) {
      rows.push(order[p]);
    }
    for (const row of this.extraRows) {
      if (effdt[row] >= effFrom && effdt[row] <= effTo && this.isVisible(row, nowMs))
        rows.push(row);
    }
    return rows;
  }

  private effdtIndex(): Uint32Array {
    this.effdtOrder ??= radixOrder(
      this.keyedOrder.length,
      (row) => this.table.effdt[row] + EFFDT_KEY_OFFSET,
    );
    return this.effdtOrder;
  }

  private take(keyed: Generator<number>, effective: number[], limit: number): number[] {
    const rows: number[] = [];
    let next = keyed.next();
    let e = 0;
    while (rows.length < limit && (!next.done || e < effective.length)) {
      const fromKeyed =
        !next.done &&
        (e >= effective.length || this.table.compareKeyedThenKeys(next.value, effective[e]) <= 0);
      if (fromKeyed) {
        rows.push(next.value as number);
        next = keyed.next();
      } else {
        rows.push(effective[e++]);
      }
    }
    return rows;
  }
}

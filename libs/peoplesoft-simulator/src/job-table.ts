/** One JOB row in readable form. Codes index into ACTIONS, EMPL_STATUSES and the reference tables. */
export interface JobRow {
  readonly person: number;
  readonly emplRcd: number;
  readonly effdt: number;
  readonly effseq: number;
  readonly action: number;
  readonly status: number;
  readonly dept: number;
  readonly jobcode: number;
  readonly location: number;
  /** LASTUPDDTTM in naive milliseconds. */
  readonly keyedAt: number;
}

/**
 * JOB rows stored column-wise in typed arrays (about 30 bytes a row) so a million employees and
 * their history fit comfortably in memory.
 */
export class JobTable {
  private capacity: number;
  private count = 0;
  person: Uint32Array;
  emplRcd: Uint8Array;
  effdt: Int32Array;
  effseq: Uint8Array;
  action: Uint8Array;
  status: Uint8Array;
  dept: Uint16Array;
  jobcode: Uint16Array;
  location: Uint16Array;
  keyedAt: Float64Array;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.person = new Uint32Array(this.capacity);
    this.emplRcd = new Uint8Array(this.capacity);
    this.effdt = new Int32Array(this.capacity);
    this.effseq = new Uint8Array(this.capacity);
    this.action = new Uint8Array(this.capacity);
    this.status = new Uint8Array(this.capacity);
    this.dept = new Uint16Array(this.capacity);
    this.jobcode = new Uint16Array(this.capacity);
    this.location = new Uint16Array(this.capacity);
    this.keyedAt = new Float64Array(this.capacity);
  }

  get length(): number {
    return this.count;
  }

  append(row: JobRow): number {
    if (this.count === this.capacity) this.grow();
    const index = this.count++;
    this.person[index] = row.person;
    this.emplRcd[index] = row.emplRcd;
    this.effdt[index] = row.effdt;
    this.effseq[index] = row.effseq;
    this.action[index] = row.action;
    this.status[index] = row.status;
    this.dept[index] = row.dept;
    this.jobcode[index] = row.jobcode;
    this.location[index] = row.location;
    this.keyedAt[index] = row.keyedAt;
    return index;
  }

  row(index: number): JobRow {
    return {
      person: this.person[index],
      emplRcd: this.emplRcd[index],
      effdt: this.effdt[index],
      effseq: this.effseq[index],
      action: this.action[index],
      status: this.status[index],
      dept: this.dept[index],
      jobcode: this.jobcode[index],
      location: this.location[index],
      keyedAt: this.keyedAt[index],
    };
  }

  /** Key order of the query's ORDER BY after LASTUPDDTTM: EMPLID, EMPL_RCD, EFFDT, EFFSEQ. */
  compareKeys(a: number, b: number): number {
    return (
      this.person[a] - this.person[b] ||
      this.emplRcd[a] - this.emplRcd[b] ||
      this.effdt[a] - this.effdt[b] ||
      this.effseq[a] - this.effseq[b]
    );
  }

  compareKeyedThenKeys(a: number, b: number): number {
    return this.keyedAt[a] - this.keyedAt[b] || this.compareKeys(a, b);
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends { length: number; set(source: T): void }>(
      current: T,
      make: (size: number) => T,
    ): T => {
      const next = make(this.capacity);
      next.set(current);
      return next;
    };
    this.person = grown(this.person, (n) => new Uint32Array(n));
    this.emplRcd = grown(this.emplRcd, (n) => new Uint8Array(n));
    this.effdt = grown(this.effdt, (n) => new Int32Array(n));
    this.effseq = grown(this.effseq, (n) => new Uint8Array(n));
    this.action = grown(this.action, (n) => new Uint8Array(n));
    this.status = grown(this.status, (n) => new Uint8Array(n));
    this.dept = grown(this.dept, (n) => new Uint16Array(n));
    this.jobcode = grown(this.jobcode, (n) => new Uint16Array(n));
    this.location = grown(this.location, (n) => new Uint16Array(n));
    this.keyedAt = grown(this.keyedAt, (n) => new Float64Array(n));
  }
}

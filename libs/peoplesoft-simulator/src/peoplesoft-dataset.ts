import { EmployeeStore } from './employee-store';
import { actionCode, ACTIONS, EMPL_STATUSES, hrStatusOf, statusCode } from './hr-codes';
import { KeyedRecordStore } from './keyed-record-store';
import {
  CustomerChangeInput,
  EmployeeChangeInput,
  HireInput,
  TerminationInput,
  VendorChangeInput,
} from './mutation-inputs';
import { CustomerRecord, customerKey, VendorRecord, vendorKey } from './organisation-records';
import { emplidOf, personOf } from './person-directory';
import { formatPsDate, formatPsTimestamp, parsePsDate } from './ps-time';
import { DEPARTMENTS, descrOn, JOBCODES, LOCATIONS } from './reference-tables';
import { FIELD_LENGTH } from './char-padding';
import { checkInput, checkKey, MUTATION_RULES } from './mutation-rules';
import { SimClock } from './sim-clock';
import { SimInputError } from './sim-input-error';
import { CustomerSnapshot, EmployeeSnapshot, VendorSnapshot } from './snapshots';

/**
 * PeopleSoft's data and the ways a user changes it between polls. Every new row is stamped
 * from PeopleSoft's clock and commits lateCommitSeconds after its stamp.
 */
export class PeopleSoftDataset {
  private massCursor = 0;

  constructor(
    readonly employees: EmployeeStore,
    readonly vendors: KeyedRecordStore<VendorRecord>,
    readonly customers: KeyedRecordStore<CustomerRecord>,
    readonly clock: SimClock,
    private readonly lateCommitSeconds: () => number,
  ) {}

  hire(input: HireInput = {}): EmployeeSnapshot {
    checkInput(input, MUTATION_RULES.hire);
    const effdt = this.dayFrom(input.effdt);
    const person = this.employees.addPerson();
    const details = this.employees.directory.details(person);
    this.employees.directory.update(person, {
      firstName: input.firstName ?? details.firstName,
      lastName: input.lastName ?? details.lastName,
      email: input.email ?? details.email,
      phone: input.phone ?? details.phone,
    });
    this.addJobRow(person, 0, effdt, 'HIR', 'A', {
      dept: this.code(
        DEPARTMENTS.map((d) => d.code),
        input.deptid,
        0,
        'DEPTID',
      ),
      jobcode: this.code(
        JOBCODES.map((j) => j.code),
        input.jobcode,
        0,
        'JOBCODE',
      ),
      location: this.code(LOCATIONS, input.location, 0, 'LOCATION'),
    });
    return this.snapshotOn(person, 0, Math.max(effdt, this.clock.todayDays()));
  }

  changeEmployee(emplid: string, input: EmployeeChangeInput): EmployeeSnapshot {
    checkInput(input, MUTATION_RULES.change);
    const person = this.requirePerson(emplid);
    const rcd = input.emplRcd ?? 0;
    const effdt = this.dayFrom(input.effdt);
    const base = this.requireRowOn(person, rcd, effdt);
    const t = this.employees.table;
    const dept = this.code(
      DEPARTMENTS.map((d) => d.code),
      input.deptid,
      t.dept[base],
      'DEPTID',
    );
    const jobcode = this.code(
      JOBCODES.map((j) => j.code),
      input.jobcode,
      t.jobcode[base],
      'JOBCODE',
    );
    const location = this.code(LOCATIONS, input.location, t.location[base], 'LOCATION');
    const personal = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone,
    };
    this.employees.directory.update(
      person,
      Object.fromEntries(Object.entries(personal).filter(([, value]) => value !== undefined)),
    );
    // A personal-data change alone would not touch JOB; the delivered query keys on JOB, so the
    // simulated user also saves a DTA row, as sites that sync personal data ask HR to do.
    const action = dept !== t.dept[base] ? 'XFR' : jobcode !== t.jobcode[base] ? 'PRO' : 'DTA';
    const status = EMPL_STATUSES[t.status[base]] ?? 'A';
    this.addJobRow(person, rcd, effdt, action, status, { dept, jobcode, location });
    return this.snapshotOn(person, rcd, Math.max(effdt, this.clock.todayDays()));
  }

  terminate(emplid: string, input: TerminationInput = {}): EmployeeSnapshot {
    checkInput(input, MUTATION_RULES.terminate);
    const person = this.requirePerson(emplid);
    const rcd = input.emplRcd ?? 0;
    const effdt = this.dayFrom(input.effdt);
    const base = this.requireRowOn(person, rcd, effdt);
    const t = this.employees.table;
    if (hrStatusOf(EMPL_STATUSES[t.status[base]] ?? 'A') === 'I') {
      throw new SimInputError(`${emplid} record ${rcd} is already inactive on that date`, 409);
    }
    const action = input.action ?? 'TER';
    this.addJobRow(person, rcd, effdt, action, action === 'RET' ? 'R' : 'T', {
      dept: t.dept[base],
      jobcode: t.jobcode[base],
      location: t.location[base],
    });
    return this.snapshotOn(person, rcd, Math.max(effdt, this.clock.todayDays()));
  }

  /** A batch job (e.g. a pay rise) keying many rows with one single LASTUPDDTTM. */
  massUpdate(count: number): { readonly rows: number; readonly lastUpdDttm: string } {
    const keyedAt = this.stamp();
    const today = this.clock.todayDays();
    let rows = 0;
    for (let scanned = 0; scanned < this.employees.personCount && rows < count; scanned++) {
      const person = this.massCursor;
      this.massCursor = (this.massCursor + 1) % this.employees.personCount;
      const row = this.employees.currentRows(person, today).get(0);
      if (row === undefined || this.employees.table.status[row] !== statusCode('A')) continue;
      const t = this.employees.table;
      this.addJobRow(
        person,
        0,
        today,
        'PAY',
        'A',
        { dept: t.dept[row], jobcode: t.jobcode[row], location: t.location[row] },
        keyedAt,
      );
      rows++;
    }
    return { rows, lastUpdDttm: formatPsTimestamp(keyedAt) };
  }

  /** Changes a vendor, or adds it when (SETID, VENDOR_ID) is new (then NAME1 is required). */
  changeVendor(setid: string, vendorId: string, input: VendorChangeInput): VendorSnapshot {
    checkKey('SETID', setid, FIELD_LENGTH.SETID);
    checkKey('VENDOR_ID', vendorId, FIELD_LENGTH.VENDOR_ID);
    checkInput(input, MUTATION_RULES.vendor);
    const current = this.vendors.get(vendorKey({ setid, vendorId }));
    if (!current && !input.name1) throw new SimInputError('a new vendor needs name1');
    const keyedAt = this.stamp();
    const base: VendorRecord = current ?? {
      setid,
      vendorId,
      name1: '',
      name2: '',
      vendorStatus: 'A',
      vendorClass: 'R',
      address1: '',
      address2: '',
      address3: '',
      address4: '',
      city: '',
      county: '',
      state: '',
      postal: '',
      country: 'USA',
      emailId: '',
      phone: '',
      keyedAt,
      visibleAt: keyedAt,
    };
    const next: VendorRecord = {
      ...base,
      ...defined(input),
      setid,
      vendorId,
      keyedAt,
      visibleAt: this.commitTime(keyedAt),
      previous: this.stillPending(current),
    };
    this.vendors.put(next);
    return vendorSnapshot(next);
  }

  changeCustomer(setid: string, custId: string, input: CustomerChangeInput): CustomerSnapshot {
    checkKey('SETID', setid, FIELD_LENGTH.SETID);
    checkKey('CUST_ID', custId, FIELD_LENGTH.CUST_ID);
    checkInput(input, MUTATION_RULES.customer);
    const current = this.customers.get(customerKey({ setid, custId }));
    if (!current && !input.name1) throw new SimInputError('a new customer needs name1');
    const keyedAt = this.stamp();
    const base: CustomerRecord = current ?? {
      setid,
      custId,
      name1: '',
      custStatus: 'A',
      address1: '',
      address2: '',
      address3: '',
      address4: '',
      city: '',
      county: '',
      state: '',
      postal: '',
      country: 'USA',
      phone: '',
      keyedAt,
      visibleAt: keyedAt,
    };
    const next: CustomerRecord = {
      ...base,
      ...defined(input),
      setid,
      custId,
      keyedAt,
      visibleAt: this.commitTime(keyedAt),
      previous: this.stillPending(current),
    };
    this.customers.put(next);
    return customerSnapshot(next);
  }

  /** Current record of every employee and EMPL_RCD, in EMPLID order. */
  employeeSnapshots(offset = 0, limit = Number.MAX_SAFE_INTEGER): EmployeeSnapshot[] {
    const today = this.clock.todayDays();
    const snapshots: EmployeeSnapshot[] = [];
    for (
      let person = offset;
      person < this.employees.personCount && snapshots.length < limit;
      person++
    ) {
      for (const [rcd, row] of [...this.employees.currentRows(person, today)].sort(
        ([a], [b]) => a - b,
      )) {
        snapshots.push(this.snapshotOf(person, rcd, row));
      }
    }
    return snapshots;
  }

  employeeSnapshot(emplid: string): EmployeeSnapshot[] {
    const person = this.requirePerson(emplid);
    const today = this.clock.todayDays();
    return [...this.employees.currentRows(person, today)]
      .sort(([a], [b]) => a - b)
      .map(([rcd, row]) => this.snapshotOf(person, rcd, row));
  }

  vendorSnapshots(): VendorSnapshot[] {
    return this.vendors.all().map(vendorSnapshot);
  }

  customerSnapshots(): CustomerSnapshot[] {
    return this.customers.all().map(customerSnapshot);
  }

  private snapshotOn(person: number, rcd: number, day: number): EmployeeSnapshot {
    const row = this.employees.currentRows(person, day).get(rcd);
    if (row === undefined)
      throw new SimInputError(`no JOB row for ${emplidOf(person)} record ${rcd}`, 404);
    return this.snapshotOf(person, rcd, row);
  }

  private snapshotOf(person: number, rcd: number, row: number): EmployeeSnapshot {
    const t = this.employees.table;
    const details = this.employees.directory.details(person);
    const status = EMPL_STATUSES[t.status[row]] ?? 'A';
    const dept = DEPARTMENTS[t.dept[row]];
    const jobcode = JOBCODES[t.jobcode[row]];
    return {
      emplid: emplidOf(person),
      emplRcd: rcd,
      effdt: formatPsDate(t.effdt[row]),
      effseq: t.effseq[row],
      action: ACTIONS[t.action[row]] ?? '',
      emplStatus: status,
      hrStatus: hrStatusOf(status),
      deptid: dept?.code ?? '',
      jobcode: jobcode?.code ?? '',
      location: LOCATIONS[t.location[row]] ?? '',
      ...details,
      deptDescr: dept ? descrOn(dept, t.effdt[row]) : '',
      jobTitle: jobcode ? descrOn(jobcode, t.effdt[row]) : '',
      lastUpdDttm: formatPsTimestamp(t.keyedAt[row]),
    };
  }

  private addJobRow(
    person: number,
    emplRcd: number,
    effdt: number,
    action: (typeof ACTIONS)[number],
    status: (typeof EMPL_STATUSES)[number],
    codes: { dept: number; jobcode: number; location: number },
    keyedAt = this.stamp(),
  ): void {
    const t = this.employees.table;
    const sameDay = this.employees
      .rowsOf(person)
      .filter((r) => t.emplRcd[r] === emplRcd && t.effdt[r] === effdt);
    const effseq = sameDay.length === 0 ? 0 : Math.max(...sameDay.map((r) => t.effseq[r])) + 1;
    this.employees.addRow(
      {
        person,
        emplRcd,
        effdt,
        effseq,
        action: actionCode(action),
        status: statusCode(status),
        ...codes,
        keyedAt,
      },
      this.commitTime(keyedAt),
    );
  }

  private requirePerson(emplid: string): number {
    const person = personOf(emplid);
    if (person === undefined || person >= this.employees.personCount) {
      throw new SimInputError(`unknown EMPLID ${emplid}`, 404);
    }
    return person;
  }

  private requireRowOn(person: number, rcd: number, day: number): number {
    const row = this.employees.currentRows(person, day).get(rcd);
    if (row === undefined) {
      throw new SimInputError(
        `${emplidOf(person)} has no record ${rcd} effective on ${formatPsDate(day)}`,
        404,
      );
    }
    return row;
  }

  private dayFrom(effdt: string | undefined): number {
    if (effdt === undefined) return this.clock.todayDays();
    const day = parsePsDate(effdt);
    if (day === undefined) throw new SimInputError(`effdt must be YYYY-MM-DD, got ${effdt}`);
    return day;
  }

  private code(
    codes: readonly string[],
    wanted: string | undefined,
    fallback: number,
    field: string,
  ): number {
    if (wanted === undefined) return fallback;
    const index = codes.indexOf(wanted);
    if (index < 0)
      throw new SimInputError(`unknown ${field} ${wanted}; known: ${codes.join(', ')}`);
    return index;
  }

  /** Mutations are stamped to the millisecond, like PeopleSoft's %DateTime. */
  private stamp(): number {
    return Math.floor(this.clock.nowMs());
  }

  /** Only an uncommitted version needs its predecessor; dropping the rest bounds memory. */
  private stillPending<T extends VendorRecord | CustomerRecord>(
    current: T | undefined,
  ): T | undefined {
    if (!current) return undefined;
    return current.visibleAt > this.clock.nowMs() ? current : { ...current, previous: undefined };
  }

  private commitTime(keyedAt: number): number {
    return keyedAt + this.lateCommitSeconds() * 1000;
  }
}

function defined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function vendorSnapshot(record: VendorRecord): VendorSnapshot {
  const { keyedAt, visibleAt: _visibleAt, previous: _previous, ...fields } = record;
  return { ...fields, lastUpdDttm: formatPsTimestamp(keyedAt) };
}

function customerSnapshot(record: CustomerRecord): CustomerSnapshot {
  const { keyedAt, visibleAt: _visibleAt, previous: _previous, ...fields } = record;
  return { ...fields, lastUpdDttm: formatPsTimestamp(keyedAt) };
}

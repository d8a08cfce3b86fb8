import { FIELD_LENGTH as L, padChar } from './char-padding';
import { EmployeeStore } from './employee-store';
import { ACTIONS, EMPL_STATUSES, hrStatusOf } from './hr-codes';
import { CustomerRecord, VendorRecord } from './organisation-records';
import { formatPsDate, formatPsTimestamp } from './ps-time';
import { DEPARTMENTS, descrOn, JOBCODES, LOCATIONS } from './reference-tables';
import { emplidOf } from './person-directory';

export type QueryValue = string | number;
export type QueryRow = Record<string, QueryValue>;

export interface RowStyle {
  /** Some PeopleTools releases quote numbers; both must be handled downstream. */
  readonly numbersAsStrings: boolean;
}

function numberValue(value: number, style: RowStyle): QueryValue {
  return style.numbersAsStrings ? String(value) : value;
}

/** One ML_EMPLOYEES row: JOB (A) joined to NAMES (B), EMAIL_ADDRESSES (C), PERSONAL_PHONE (D). */
export function employeeRow(store: EmployeeStore, row: number, style: RowStyle): QueryRow {
  const t = store.table;
  const person = store.directory.details(t.person[row]);
  const status = EMPL_STATUSES[t.status[row]] ?? 'A';
  const effdt = t.effdt[row];
  const dept = DEPARTMENTS[t.dept[row]];
  const jobcode = JOBCODES[t.jobcode[row]];
  return {
    'A.EMPLID': padChar(emplidOf(t.person[row]), L.EMPLID),
    'A.EMPL_RCD': numberValue(t.emplRcd[row], style),
    'A.EFFDT': formatPsDate(effdt),
    'A.EFFSEQ': numberValue(t.effseq[row], style),
    'A.ACTION': padChar(ACTIONS[t.action[row]] ?? '', L.ACTION),
    'A.EMPL_STATUS': padChar(status, L.STATUS),
    'A.HR_STATUS': padChar(hrStatusOf(status), L.STATUS),
    'A.DEPTID': padChar(dept?.code ?? '', L.DEPTID),
    'A.JOBCODE': padChar(jobcode?.code ?? '', L.JOBCODE),
    'A.LOCATION': padChar(LOCATIONS[t.location[row]] ?? '', L.LOCATION),
    'B.FIRST_NAME': padChar(person.firstName, L.NAME),
    'B.LAST_NAME': padChar(person.lastName, L.NAME),
    'C.EMAIL_ADDR': padChar(person.email, L.EMAIL_ADDR),
    'D.PHONE': padChar(person.phone, L.PHONE),
    DEPT_DESCR: padChar(dept ? descrOn(dept, effdt) : '', L.DESCR),
    JOBTITLE: padChar(jobcode ? descrOn(jobcode, effdt) : '', L.DESCR),
    LASTUPDDTTM: formatPsTimestamp(t.keyedAt[row]),
  };
}

function addressColumns(record: VendorRecord | CustomerRecord): QueryRow {
  return {
    'B.ADDRESS1': padChar(record.address1, L.ADDRESS),
    'B.ADDRESS2': padChar(record.address2, L.ADDRESS),
    'B.ADDRESS3': padChar(record.address3, L.ADDRESS),
    'B.ADDRESS4': padChar(record.address4, L.ADDRESS),
    'B.CITY': padChar(record.city, L.CITY),
  };
}

export function vendorRow(record: VendorRecord): QueryRow {
  return {
    'A.SETID': padChar(record.setid, L.SETID),
    'A.VENDOR_ID': padChar(record.vendorId, L.VENDOR_ID),
    'A.NAME1': padChar(record.name1, L.NAME1),
    'A.NAME2': padChar(record.name2, L.NAME1),
    'A.VENDOR_STATUS': padChar(record.vendorStatus, L.STATUS),
    'A.VENDOR_CLASS': padChar(record.vendorClass, L.CLASS),
    ...addressColumns(record),
    'B.COUNTY': padChar(record.county, L.COUNTY),
    'B.STATE': padChar(record.state, L.STATE),
    'B.POSTAL': padChar(record.postal, L.POSTAL),
    'B.COUNTRY': padChar(record.country, L.COUNTRY),
    'B.EMAILID': padChar(record.emailId, L.EMAILID),
    'C.PHONE': padChar(record.phone, L.PHONE),
    LASTUPDDTTM: formatPsTimestamp(record.keyedAt),
  };
}

export function customerRow(record: CustomerRecord): QueryRow {
  return {
    'A.SETID': padChar(record.setid, L.SETID),
    'A.CUST_ID': padChar(record.custId, L.CUST_ID),
    'A.NAME1': padChar(record.name1, L.NAME1),
    'A.CUST_STATUS': padChar(record.custStatus, L.STATUS),
    ...addressColumns(record),
    'B.STATE': padChar(record.state, L.STATE),
    'B.POSTAL': padChar(record.postal, L.POSTAL),
    'B.COUNTRY': padChar(record.country, L.COUNTRY),
    'C.PHONE': padChar(record.phone, L.PHONE),
    LASTUPDDTTM: formatPsTimestamp(record.keyedAt),
  };
}

/** The custom operation's rows: a handler writes field names, so no record aliases. */
export function withoutAliases(row: QueryRow): QueryRow {
  const bare: QueryRow = {};
  for (const [key, value] of Object.entries(row)) bare[key.replace(/^[A-Z]\./, '')] = value;
  return bare;
}

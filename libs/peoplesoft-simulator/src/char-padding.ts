/** CHAR columns come back blank-padded to the field length, as PeopleSoft stores them. */
export function padChar(value: string, length: number): string {
  return value.length >= length ? value : value + ' '.repeat(length - value.length);
}

/** Field lengths of the delivered records the queries select from. */
export const FIELD_LENGTH = {
  EMPLID: 11,
  ACTION: 3,
  STATUS: 1,
  DEPTID: 10,
  JOBCODE: 6,
  LOCATION: 10,
  NAME: 30,
  EMAIL_ADDR: 70,
  PHONE: 24,
  DESCR: 30,
  SETID: 5,
  VENDOR_ID: 10,
  CUST_ID: 15,
  NAME1: 40,
  ADDRESS: 55,
  CITY: 30,
  COUNTY: 30,
  STATE: 6,
  POSTAL: 12,
  COUNTRY: 3,
  EMAILID: 70,
  CLASS: 1,
} as const;

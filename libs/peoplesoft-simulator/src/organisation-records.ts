import { StampedRecord } from './keyed-record-store';

/** VENDOR_ADDR / CUST_ADDRESS fields as the queries return them. */
export interface PostalAddress {
  readonly address1: string;
  readonly address2: string;
  readonly address3: string;
  readonly address4: string;
  readonly city: string;
  readonly county: string;
  readonly state: string;
  readonly postal: string;
  /** 3-letter PeopleSoft country code. */
  readonly country: string;
}

export interface VendorRecord extends StampedRecord, PostalAddress {
  readonly setid: string;
  readonly vendorId: string;
  readonly name1: string;
  readonly name2: string;
  /** A Approved, D Denied, E Unapproved, I Inactive, X To be archived. */
  readonly vendorStatus: string;
  readonly vendorClass: string;
  readonly emailId: string;
  readonly phone: string;
}

export interface CustomerRecord extends StampedRecord, PostalAddress {
  readonly setid: string;
  readonly custId: string;
  readonly name1: string;
  /** A Active, I Inactive. */
  readonly custStatus: string;
  readonly phone: string;
}

export function vendorKey(record: { setid: string; vendorId: string }): string {
  return `${record.setid}|${record.vendorId}`;
}

export function customerKey(record: { setid: string; custId: string }): string {
  return `${record.setid}|${record.custId}`;
}

/** The truth per record, as `GET /__sim/state` reports it (values unpadded). */
export interface EmployeeSnapshot {
  readonly emplid: string;
  readonly emplRcd: number;
  readonly effdt: string;
  readonly effseq: number;
  readonly action: string;
  readonly emplStatus: string;
  readonly hrStatus: string;
  readonly deptid: string;
  readonly jobcode: string;
  readonly location: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly deptDescr: string;
  readonly jobTitle: string;
  readonly lastUpdDttm: string;
}

export interface VendorSnapshot {
  readonly setid: string;
  readonly vendorId: string;
  readonly name1: string;
  readonly name2: string;
  readonly vendorStatus: string;
  readonly vendorClass: string;
  readonly address1: string;
  readonly address2: string;
  readonly address3: string;
  readonly address4: string;
  readonly city: string;
  readonly county: string;
  readonly state: string;
  readonly postal: string;
  readonly country: string;
  readonly emailId: string;
  readonly phone: string;
  readonly lastUpdDttm: string;
}

export interface CustomerSnapshot {
  readonly setid: string;
  readonly custId: string;
  readonly name1: string;
  readonly custStatus: string;
  readonly address1: string;
  readonly address2: string;
  readonly address3: string;
  readonly address4: string;
  readonly city: string;
  readonly county: string;
  readonly state: string;
  readonly postal: string;
  readonly country: string;
  readonly phone: string;
  readonly lastUpdDttm: string;
}

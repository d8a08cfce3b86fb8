/** Inputs of the mutators; dates are PeopleSoft dates (YYYY-MM-DD), default "today" in PeopleSoft. */
export interface HireInput {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly deptid?: string;
  readonly jobcode?: string;
  readonly location?: string;
  readonly effdt?: string;
}

export interface EmployeeChangeInput {
  readonly emplRcd?: number;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly deptid?: string;
  readonly jobcode?: string;
  readonly location?: string;
  readonly effdt?: string;
}

export interface TerminationInput {
  readonly emplRcd?: number;
  /** A date after today keys a future-dated termination: visible to the query now, effective later. */
  readonly effdt?: string;
  readonly action?: 'TER' | 'RET';
}

export interface AddressInput {
  readonly address1?: string;
  readonly address2?: string;
  readonly address3?: string;
  readonly address4?: string;
  readonly city?: string;
  readonly county?: string;
  readonly state?: string;
  readonly postal?: string;
  readonly country?: string;
}

export interface VendorChangeInput extends AddressInput {
  readonly name1?: string;
  readonly name2?: string;
  readonly vendorStatus?: string;
  readonly vendorClass?: string;
  readonly emailId?: string;
  readonly phone?: string;
}

export interface CustomerChangeInput extends AddressInput {
  readonly name1?: string;
  readonly custStatus?: string;
  readonly phone?: string;
}

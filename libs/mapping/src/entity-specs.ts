import type { FieldRule } from './mapping-document';
import type { HubSpotObjectType, SourceEntity } from './mapping-result';
import type { KeyPart } from './record-key';
import {
  CUSTOMER_STATUSES,
  CUSTOMER_STATUS_PREFIX,
  EMPLOYMENT_STATUSES,
  VENDOR_STATUSES,
  VENDOR_STATUS_PREFIX,
} from './status-codes';
import type { StatusCode } from './status-codes';

/** Everything fixed about an entity: identity, lifecycle and the default property mapping. */
export interface EntitySpec {
  readonly entity: SourceEntity;
  readonly objectType: HubSpotObjectType;
  /**
   * Empty for employees: the id is the bare EMPLID, which is unique on contacts by itself and
   * is the identity the poller's effective-dating step already uses.
   */
  readonly keyPrefix: string;
  readonly keyParts: readonly KeyPart[];
  readonly statusField: string;
  /**
   * Employees: the effective date (EFFDT, YYYY-MM-DD). The poller ranks a person's rows by it, so
   * a row without a real one cannot be the row in force and is refused.
   */
  readonly effectiveDateField?: string;
  /** What the status is called in reasons, e.g. "employment status". */
  readonly statusNoun: string;
  readonly statuses: readonly StatusCode[];
  /**
   * The property that carries the status. It is locked against overrides: the lifecycle must show
   * in the content hash, or the writer would skip a termination as "unchanged".
   */
  readonly statusProperty: string;
  readonly defaultRules: readonly FieldRule[];
}

const text = (target: string, source: string): FieldRule => ({
  target,
  source,
  transforms: [],
  onInvalid: 'reject',
});

const statusLookup = (prefix: string, statuses: readonly StatusCode[]) => ({
  op: 'lookup' as const,
  table: Object.fromEntries(statuses.map((status) => [status.code, prefix + status.code])),
});

/** Address fields shared by vendors and customers (both come from PeopleSoft address records). */
function companyAddressRules(): FieldRule[] {
  return [
    text('address', 'ADDRESS1'),
    {
      target: 'address2',
      transforms: [{ op: 'concat', fields: ['ADDRESS2', 'ADDRESS3', 'ADDRESS4'], separator: ', ' }],
      onInvalid: 'reject',
    },
    text('city', 'CITY'),
    text('state', 'STATE'),
    text('zip', 'POSTAL'),
    // An unknown code must not block the company; the note tells the clerk to fix it.
    { target: 'country', source: 'COUNTRY', transforms: [{ op: 'country' }], onInvalid: 'omit' },
    {
      target: 'phone',
      source: 'PHONE',
      transforms: [{ op: 'phone', regionField: 'COUNTRY' }],
      onInvalid: 'omit',
    },
  ];
}

export const EMPLOYEE_SPEC: EntitySpec = {
  entity: 'employee',
  objectType: 'contacts',
  keyPrefix: '',
  keyParts: [{ field: 'EMPLID', maxLength: 11 }],
  statusField: 'EMPL_STATUS',
  effectiveDateField: 'EFFDT',
  statusNoun: 'employment status',
  statuses: EMPLOYMENT_STATUSES,
  statusProperty: 'ml_employment_status',
  defaultRules: [
    text('firstname', 'FIRST_NAME'),
    text('lastname', 'LAST_NAME'),
    {
      target: 'email',
      source: 'EMAIL_ADDR',
      transforms: [],
      onInvalid: 'reject',
      checkAs: 'email',
    },
    { target: 'phone', source: 'PHONE', transforms: [{ op: 'phone' }], onInvalid: 'omit' },
    text('jobtitle', 'JOBTITLE'),
    {
      target: 'ml_department',
      source: 'DEPT_DESCR',
      transforms: [{ op: 'default', field: 'DEPTID' }],
      onInvalid: 'reject',
    },
    {
      target: 'ml_employment_status',
      source: 'EMPL_STATUS',
      transforms: [{ op: 'upper' }],
      onInvalid: 'reject',
    },
  ],
};

export const VENDOR_SPEC: EntitySpec = {
  entity: 'vendor',
  objectType: 'companies',
  keyPrefix: 'vendor',
  keyParts: [
    { field: 'SETID', maxLength: 5 },
    { field: 'VENDOR_ID', maxLength: 10 },
  ],
  statusField: 'VENDOR_STATUS',
  statusNoun: 'vendor status',
  statuses: VENDOR_STATUSES,
  statusProperty: 'ml_peoplesoft_status',
  defaultRules: [
    {
      target: 'name',
      source: 'NAME1',
      // NAME2 continues NAME1 in PeopleSoft; a copy of NAME1 in NAME2 is not repeated.
      transforms: [{ op: 'concat', fields: ['NAME2'], separator: ' ', distinct: true }],
      onInvalid: 'reject',
    },
    ...companyAddressRules(),
    {
      target: 'ml_peoplesoft_status',
      source: 'VENDOR_STATUS',
      transforms: [{ op: 'upper' }, statusLookup(VENDOR_STATUS_PREFIX, VENDOR_STATUSES)],
      onInvalid: 'reject',
    },
  ],
};

export const CUSTOMER_SPEC: EntitySpec = {
  entity: 'customer',
  objectType: 'companies',
  keyPrefix: 'customer',
  keyParts: [
    { field: 'SETID', maxLength: 5 },
    { field: 'CUST_ID', maxLength: 15 },
  ],
  statusField: 'CUST_STATUS',
  statusNoun: 'customer status',
  statuses: CUSTOMER_STATUSES,
  statusProperty: 'ml_peoplesoft_status',
  defaultRules: [
    text('name', 'NAME1'),
    ...companyAddressRules(),
    {
      target: 'ml_peoplesoft_status',
      source: 'CUST_STATUS',
      transforms: [{ op: 'upper' }, statusLookup(CUSTOMER_STATUS_PREFIX, CUSTOMER_STATUSES)],
      onInvalid: 'reject',
    },
  ],
};

export const ENTITY_SPECS: Readonly<Record<SourceEntity, EntitySpec>> = {
  employee: EMPLOYEE_SPEC,
  vendor: VENDOR_SPEC,
  customer: CUSTOMER_SPEC,
};

import type { Lifecycle } from './mapping-result';

export interface StatusCode {
  readonly code: string;
  readonly label: string;
  readonly lifecycle: Lifecycle;
}

/** JOB.EMPL_STATUS. Leave, paid leave, suspension and short work breaks are still employed. */
export const EMPLOYMENT_STATUSES: readonly StatusCode[] = [
  { code: 'A', label: 'Active', lifecycle: 'active' },
  { code: 'L', label: 'Leave of absence', lifecycle: 'active' },
  { code: 'P', label: 'Leave with pay', lifecycle: 'active' },
  { code: 'S', label: 'Suspended', lifecycle: 'active' },
  { code: 'W', label: 'Short work break', lifecycle: 'active' },
  { code: 'T', label: 'Terminated', lifecycle: 'terminated' },
  { code: 'U', label: 'Terminated with pay', lifecycle: 'terminated' },
  { code: 'V', label: 'Terminated pension payout', lifecycle: 'terminated' },
  { code: 'R', label: 'Retired', lifecycle: 'terminated' },
  { code: 'Q', label: 'Retired with pay', lifecycle: 'terminated' },
  { code: 'X', label: 'Retired (pension administration)', lifecycle: 'terminated' },
  { code: 'D', label: 'Deceased', lifecycle: 'terminated' },
];

/**
 * VENDOR.VENDOR_STATUS. Unapproved vendors are live records awaiting approval; inactive, denied
 * and to-be-archived vendors are relationships that have ended, which the writer's
 * terminated-policy handles the same way as a terminated employee.
 */
export const VENDOR_STATUSES: readonly StatusCode[] = [
  { code: 'A', label: 'Approved', lifecycle: 'active' },
  { code: 'E', label: 'Unapproved', lifecycle: 'active' },
  { code: 'I', label: 'Inactive', lifecycle: 'terminated' },
  { code: 'D', label: 'Denied', lifecycle: 'terminated' },
  { code: 'X', label: 'To be archived', lifecycle: 'terminated' },
];

/** CUSTOMER.CUST_STATUS. */
export const CUSTOMER_STATUSES: readonly StatusCode[] = [
  { code: 'A', label: 'Active', lifecycle: 'active' },
  { code: 'I', label: 'Inactive', lifecycle: 'terminated' },
];

/**
 * Vendors and customers share ml_peoplesoft_status on companies, and "A" means Approved for one
 * and Active for the other, so company option values carry the entity as a prefix.
 */
export const VENDOR_STATUS_PREFIX = 'VENDOR_';
export const CUSTOMER_STATUS_PREFIX = 'CUSTOMER_';

export function describeStatusCodes(statuses: readonly StatusCode[]): string {
  return statuses.map((status) => `${status.code} ${status.label}`).join(', ');
}

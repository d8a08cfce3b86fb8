import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { EmployeeSnapshot, PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { primaryJobs } from '../../support/primary-jobs';

export { primaryJobs };

/** One row of ml-connector's audit, read only to explain a record missing from HubSpot. */
export interface AuditRow {
  readonly source_id: string;
  readonly status: string;
  readonly hubspot_id: string | null;
  readonly last_error: string | null;
  readonly failed_attempts: number;
}

/** What the final state looks like, measured against the simulators' own truth. */
export interface Verdict {
  /** Current PeopleSoft employees (one per person: the lowest EMPL_RCD). */
  readonly expected: number;
  /** In HubSpot once, with the expected properties. */
  readonly synced: number;
  /** Not in HubSpot, refused for a reason the truth explains, and the reason is in the audit. */
  readonly rejected: number;
  /** Missing from HubSpot without an explained rejection in the audit. */
  readonly lost: readonly string[];
  /** In HubSpot, but with properties that are not PeopleSoft's current ones. */
  readonly wrong: readonly string[];
  /** HubSpot duplicate groups on the unique key or email, plus contacts with no employee. */
  readonly duplicates: readonly string[];
  /** Records whose audit disagrees with HubSpot (synced without the contact, other id). */
  readonly auditMismatches: readonly string[];
  /** Rejected records without a failed/invalid attempt row: a failure not visible. */
  readonly invisibleFailures: readonly string[];
}

/**
 * The HubSpot properties an employee must end with, derived here from PeopleSoft's snapshot by
 * the documented default mapping (README "Employee → contact"), not by ml-connector's code.
 */
export function expectedProperties(e: EmployeeSnapshot): Record<string, string | undefined> {
  const email = e.email.trim().toLowerCase();
  return {
    ml_peoplesoft_id: e.emplid,
    firstname: e.firstName.trim(),
    lastname: e.lastName.trim(),
    email: email === '' ? undefined : email,
    jobtitle: e.jobTitle.trim() === '' ? undefined : e.jobTitle.trim(),
    ml_department: e.deptDescr.trim() || e.deptid.trim(),
    ml_employment_status: e.emplStatus.trim().toUpperCase(),
  };
}

/**
 * Compares HubSpot with PeopleSoft. The audit is consulted only for records that are not in
 * HubSpot as expected, and only a reason the truth itself explains is accepted:
 * - `invalid` naming the employee's own EMAIL_ADDR (the generator writes broken ones on purpose);
 * - `failed` naming the employee's email, or HubSpot's 409 naming the existing contact, when
 *   HubSpot holds that address on another person's contact (two people sharing an address),
 *   checked against HubSpot itself;
 * - `failed` naming the employee's email as invalid, when no contact holds it.
 * A record that failed on anything else (time-outs, 5xx, 429s, broker or database trouble)
 * counts as lost: under chaos the connector must retry those, not give up.
 */
export function verify(
  peoplesoft: PeopleSoftSimulator,
  hubspot: HubSpotSimulator,
  audit: ReadonlyMap<string, AuditRow>,
): Verdict {
  const truth = primaryJobs(peoplesoft.employees());
  const employees = new Set(truth.map((e) => e.emplid));
  const contacts = hubspot.objects('contacts');
  const byKey = new Map<string, (typeof contacts)[number][]>();
  for (const c of contacts) {
    const key = c.properties.ml_peoplesoft_id ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const byEmail = new Map<string, string>();
  const emailById = new Map<string, string>();
  for (const c of contacts) {
    const email = c.properties.email?.toLowerCase();
    if (email) byEmail.set(email, c.properties.ml_peoplesoft_id ?? '');
    if (email) emailById.set(c.id, email);
  }

  const duplicates: string[] = hubspot
    .duplicates()
    .map((g) => `${g.property}=${g.value}: ${g.objectIds.join(',')}`);
  for (const [key, list] of byKey) {
    if (!employees.has(key)) duplicates.push(`contact(s) ${list.map((c) => c.id)} for '${key}'`);
    else if (list.length > 1) duplicates.push(`${key} held by ${list.map((c) => c.id)}`);
  }

  let synced = 0;
  let rejected = 0;
  const lost: string[] = [];
  const wrong: string[] = [];
  const auditMismatches: string[] = [];
  const invisibleFailures: string[] = [];

  for (const employee of truth) {
    const contact = byKey.get(employee.emplid)?.[0];
    const record = audit.get(employee.emplid);
    const expected = expectedProperties(employee);
    const differences = contact
      ? Object.entries(expected)
          .filter(([name, value]) => (contact.properties[name] || undefined) !== value)
          .map(([name, value]) => `${name}: ${contact.properties[name]} != ${value}`)
      : [];

    if (contact && differences.length === 0) {
      synced += 1;
      if (record?.status !== 'synced' || record.hubspot_id !== contact.id) {
        auditMismatches.push(
          `${employee.emplid}: HubSpot ${contact.id}, audit ${record?.status}/${record?.hubspot_id}`,
        );
      }
      continue;
    }
    const reason = explainedRejection(employee, record, byEmail, emailById);
    if (reason) {
      rejected += 1;
      if ((record?.failed_attempts ?? 0) === 0)
        invisibleFailures.push(`${employee.emplid}: ${record?.status} without a failed attempt`);
      continue;
    }
    const audited = record ? `${record.status}: ${record.last_error ?? '-'}` : 'no audit row';
    if (contact) wrong.push(`${employee.emplid} (${differences.join('; ')}) [${audited}]`);
    else lost.push(`${employee.emplid} [${audited}]`);
  }

  return {
    expected: truth.length,
    synced,
    rejected,
    lost,
    wrong,
    duplicates,
    auditMismatches,
    invisibleFailures,
  };
}

function explainedRejection(
  employee: EmployeeSnapshot,
  record: AuditRow | undefined,
  contactsByEmail: ReadonlyMap<string, string>,
  contactsById: ReadonlyMap<string, string>,
): boolean {
  if (!record?.last_error) return false;
  const email = employee.email.trim();
  const lower = email.toLowerCase();
  if (record.status === 'invalid') return record.last_error.includes(`EMAIL_ADDR '${email}'`);
  if (record.status !== 'failed' || lower === '') return false;
  // The reason must point at the address, and HubSpot must hold it on a contact of another
  // person (shared address), or hold it nowhere and the reason call it invalid.
  const holder = contactsByEmail.get(lower);
  const error = record.last_error.toLowerCase();
  if (holder !== undefined && holder !== employee.emplid) {
    // The writer names the address; or HubSpot's own 409 names the contact that holds it
    // (two writers racing on the two people of a shared address).
    const existing = /existing id: (\d+)/.exec(error)?.[1];
    return (
      error.includes(lower) || (existing !== undefined && contactsById.get(existing) === lower)
    );
  }
  return holder === undefined && error.includes(lower) && error.includes('invalid');
}

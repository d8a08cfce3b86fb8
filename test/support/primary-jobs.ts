import type { EmployeeSnapshot } from '@ml/peoplesoft-simulator';

/**
 * One contact per person, from the primary job (lowest EMPL_RCD): the PeopleSoft simulator's
 * truth as HubSpot should end up holding it. Snapshots come sorted by EMPL_RCD.
 */
export function primaryJobs(snapshots: readonly EmployeeSnapshot[]): EmployeeSnapshot[] {
  const primary = new Map<string, EmployeeSnapshot>();
  for (const s of snapshots) if (!primary.has(s.emplid)) primary.set(s.emplid, s);
  return [...primary.values()];
}

import type { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';

/**
 * Changes `count` employees spread evenly over the whole population, through the simulator's
 * mutation API (what HR keying a change does: a new JOB row stamped now). Each gets a new last
 * name and an address of their own, so every changed person maps to a valid record whatever
 * their generated email was: the poll that follows owes exactly one event per changed person.
 * Returns the EMPLIDs changed. Runs on the simulator's own thread (PeopleSoftThread): one
 * request, not one per person.
 */
export function changeEmployees(peoplesoft: PeopleSoftSimulator, count: number): string[] {
  const people = peoplesoft.dataset.employees.personCount;
  // 5 % slack: a person skipped (no row in force, or met twice) must not leave us short.
  const stride = Math.max(1, Math.floor(people / (count * 1.05)));
  const changed = new Set<string>();
  for (let person = 0; person < people && changed.size < count; person += stride) {
    // Snapshots start at the next person with a row in force (a future hire has none yet).
    const current = peoplesoft.employees(person, 1)[0];
    if (!current || changed.has(current.emplid)) continue;
    peoplesoft.changeEmployee(current.emplid, {
      emplRcd: current.emplRcd,
      lastName: `${current.lastName.slice(0, 24)}-Moved`,
      email: `${current.emplid.toLowerCase()}.moved@example.com`,
    });
    changed.add(current.emplid);
  }
  if (changed.size < count) {
    throw new Error(`only ${changed.size} of ${count} employees could be changed`);
  }
  return [...changed];
}

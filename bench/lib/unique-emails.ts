import type { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';

/**
 * Gives every person but the first holder of a shared email address an address of their own,
 * through the simulator's mutation API. The generated data shares addresses on purpose (about
 * one person in ten), and HubSpot refuses a second contact with a taken email (409): this takes
 * that failure out of a pure speed measurement. Returns how many people were changed. Runs on
 * the simulator's own thread (PeopleSoftThread.makeEmailsUnique): one request, not one per person.
 */
export function makeEmailsUnique(peoplesoft: PeopleSoftSimulator): number {
  const holder = new Map<string, string>();
  const changed = new Set<string>();
  for (const e of peoplesoft.employees()) {
    const email = e.email.trim().toLowerCase();
    if (!email || changed.has(e.emplid)) continue;
    const first = holder.get(email);
    if (first === undefined) holder.set(email, e.emplid);
    else if (first !== e.emplid) changed.add(e.emplid);
  }
  for (const emplid of changed) {
    peoplesoft.changeEmployee(emplid, { email: `${emplid.toLowerCase()}.bench@example.com` });
  }
  return changed.size;
}

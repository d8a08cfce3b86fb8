import type { ChangeEvent } from '@ml/messaging';

export interface EmailConflict {
  readonly event: ChangeEvent;
  readonly message: string;
}

/** The lower-cased email a contact event would write, if any. */
export function emailOf(event: ChangeEvent): string | undefined {
  if (event.objectType !== 'contacts') return undefined;
  const email = event.properties.email?.trim().toLowerCase();
  return email ? email : undefined;
}

/**
 * Finds the contacts HubSpot would refuse for their email: an address already written for
 * another PeopleSoft record, or used twice in this batch (the first keeps it). Each refusal
 * names the other record, which is what a payroll clerk needs to fix the data.
 */
export function findEmailConflicts(
  events: readonly ChangeEvent[],
  holders: ReadonlyMap<string, string>,
): EmailConflict[] {
  const conflicts: EmailConflict[] = [];
  const takenInBatch = new Map<string, string>();
  for (const event of events) {
    const email = emailOf(event);
    if (!email) continue;
    const holder = holders.get(email);
    if (holder !== undefined && holder !== event.sourceId) {
      conflicts.push({
        event,
        message: `email ${email} already belongs to PeopleSoft record ${holder} in HubSpot; HubSpot keeps an email on one contact only`,
      });
      continue;
    }
    const first = takenInBatch.get(email);
    if (first !== undefined && first !== event.sourceId) {
      conflicts.push({
        event,
        message: `email ${email} is also used by PeopleSoft record ${first}; HubSpot keeps an email on one contact only`,
      });
      continue;
    }
    takenInBatch.set(email, event.sourceId);
  }
  return conflicts;
}

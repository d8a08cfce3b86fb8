import {
  DRIFT_CLASSES,
  type DriftClass,
  type DriftItem,
  type ReconcilePolicy,
} from './classify-drift';

/** Examples kept per class for `GET /connections/:id/drift`. */
export const EXAMPLES_PER_CLASS = 20;

/**
 * The counts per class and the first examples of each class of a reconciliation, fed as it
 * classifies page by page: its size does not depend on the number of records.
 */
export class DriftTally {
  readonly counts = Object.fromEntries(DRIFT_CLASSES.map((c) => [c, 0])) as Record<
    DriftClass,
    number
  >;
  readonly examples: Record<string, unknown[]> = {};

  /** `repairing`: whether the repairs are applied (else the examples say what would be). */
  constructor(
    private readonly repairing: boolean,
    private readonly policy: ReconcilePolicy,
  ) {}

  add(items: readonly DriftItem[]): void {
    for (const item of items) {
      this.counts[item.class] += 1;
      const list = (this.examples[item.class] ??= []);
      if (list.length >= EXAMPLES_PER_CLASS) continue;
      list.push({
        entity: item.entity,
        sourceId: item.sourceId,
        objectType: item.objectType,
        hubspotId: item.hubspotId,
        ...(item.survivorId ? { survivorId: item.survivorId } : {}),
        ...(item.changed ? { changed: item.changed } : {}),
        detail: item.detail,
        action: this.actionOf(item),
      });
    }
  }

  private actionOf(item: DriftItem): string {
    if (item.repair === 'none') return item.class === 'orphaned' ? 'reported' : 'none';
    const what =
      item.repair === 'follow-merge'
        ? `stored HubSpot id set to ${item.survivorId}`
        : 'PeopleSoft values re-sent through the writer';
    if (this.repairing) return what;
    return this.policy === 'report-only'
      ? `reported (would be: ${what})`
      : `dry run (would be: ${what})`;
  }
}

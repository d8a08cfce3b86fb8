import type { FaultSettings } from './faults';
import type { SimObject } from './object-store';
import type { SimObjectType } from './property-model';
import type { SimCounters } from './request-counters';
import type { SimLimits } from './simulator-limits';

export interface DuplicateGroup {
  objectType: SimObjectType;
  property: string;
  value: string;
  objectIds: string[];
}

export interface SimState {
  portalId: number;
  counters: SimCounters;
  /** Requests admitted today against `limits.dailyLimit`. */
  dailyUsed: number;
  limits: SimLimits;
  faults: FaultSettings;
  objectCounts: Record<SimObjectType, number>;
  /** Archived (deleted) objects, still restorable. */
  archivedCounts: Record<SimObjectType, number>;
  /** Webhook events waiting for `/__sim/webhooks/flush`. */
  pendingWebhookEvents: number;
  uniqueProperties: Record<SimObjectType, string[]>;
  /** Live objects sharing an identity value; always empty unless something went wrong. */
  duplicates: DuplicateGroup[];
  /** Objects beyond the first in every duplicate group. */
  duplicateCount: number;
  objects?: Record<SimObjectType, SimObject[]>;
}

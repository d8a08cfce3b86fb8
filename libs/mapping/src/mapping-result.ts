import type { SourceRow } from './source-row';

export type SourceEntity = 'employee' | 'vendor' | 'customer';
export type HubSpotObjectType = 'contacts' | 'companies';
/**
 * Where the PeopleSoft record stands in its life; the writer's terminated-policy acts on it.
 * The default statuses only produce 'active' and 'terminated'; 'inactive' stays in the type
 * because the change-event contract (libs/messaging) carries it.
 */
export type Lifecycle = 'active' | 'inactive' | 'terminated';

export const SOURCE_ENTITIES: readonly SourceEntity[] = ['employee', 'vendor', 'customer'];

export interface MappedRecord {
  readonly ok: true;
  readonly entity: SourceEntity;
  /** EMPLID, or vendor:<SETID>:<VENDOR_ID>, or customer:<SETID>:<CUST_ID>. */
  readonly sourceId: string;
  readonly idProperty: 'ml_peoplesoft_id';
  readonly idValue: string;
  readonly objectType: HubSpotObjectType;
  readonly lifecycle: Lifecycle;
  /** LASTUPDDTTM in canonical PeopleSoft form, YYYY-MM-DD-HH.MM.SS.ffffff: compares as text. */
  readonly sourceUpdatedAt: string;
  /** Only non-empty values: an absent property leaves HubSpot's value untouched. */
  readonly properties: Record<string, string>;
  /** sha256 hex of the properties, independent of key order (see contentHashOf). */
  readonly contentHash: string;
  /** Things changed or left out on the way (truncation, dropped phone extension, bad phone). */
  readonly notes: readonly string[];
}

export interface RejectedRecord {
  readonly ok: false;
  readonly entity: SourceEntity;
  /** null when the key is missing or malformed (the reasons then quote it). */
  readonly sourceId: string | null;
  /** One sentence per problem, naming the PeopleSoft field and value so a clerk can fix it. */
  readonly reasons: readonly string[];
}

export type MappingResult = MappedRecord | RejectedRecord;

export type RecordMapper = (row: SourceRow) => MappingResult;

/**
 * The one message that travels poller → RabbitMQ → writer. It carries the record already
 * mapped to HubSpot properties, so the writer never needs PeopleSoft and a replay of the
 * message reproduces exactly the same effect.
 */
export type SourceEntity = 'employee' | 'vendor' | 'customer';
export type HubSpotObjectType = 'contacts' | 'companies';
/** Where the PeopleSoft record stands in its life; the writer's terminated-policy acts on it. */
export type Lifecycle = 'active' | 'inactive' | 'terminated';

export interface ChangeEvent {
  /** Stable per (connection, entity, source id, content hash): a redelivery has the same id. */
  readonly eventId: string;
  readonly connectionId: string;
  readonly runId: string;
  readonly correlationId: string;
  readonly entity: SourceEntity;
  /** PeopleSoft identity: EMPLID, or "vendor:<SETID>:<VENDOR_ID>", "customer:<SETID>:<CUST_ID>". */
  readonly sourceId: string;
  /** PeopleSoft LASTUPDDTTM of the row this event came from, as PeopleSoft formats it. */
  readonly sourceUpdatedAt: string;
  /**
   * Numbered by the poller per record, in the order it decided the record changed: the writer
   * never lets a lower version overwrite a higher one. LASTUPDDTTM cannot order effective-dated
   * rows (a future-dated row is keyed before the corrections that precede it in force).
   */
  readonly sourceVersion: number;
  readonly lifecycle: Lifecycle;
  readonly objectType: HubSpotObjectType;
  /** HubSpot unique property the upsert keys on, and its value. */
  readonly idProperty: string;
  readonly idValue: string;
  readonly properties: Readonly<Record<string, string>>;
  /** sha256 of the mapped properties: the writer skips a record whose hash it already synced. */
  readonly contentHash: string;
}

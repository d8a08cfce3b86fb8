import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface EmailClaim {
  readonly email: string;
  readonly sourceId: string;
}

/** The writer's record of which PeopleSoft record holds each email in HubSpot, per connection. */
@Injectable()
export class EmailClaimsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The emails this connection wrote to one HubSpot contact: when HubSpot refuses a batch with
   * "Contact already exists. Existing ID: N", the inputs carrying them are the ones refused.
   */
  async claimsOfContact(connectionId: string, hubspotId: string): Promise<EmailClaim[]> {
    const rows: Array<{ email: string; source_id: string }> = await this.dataSource.query(
      `SELECT c.email, c.source_id FROM contact_email_claims c
         JOIN sync_records r ON r.connection_id = c.connection_id AND r.source_id = c.source_id
        WHERE c.connection_id = $1 AND r.entity = 'employee' AND r.hubspot_id = $2`,
      [connectionId, hubspotId],
    );
    return rows.map((r) => ({ email: r.email, sourceId: r.source_id }));
  }

  /** Who holds each of these (lower-cased) emails now. */
  async holders(
    manager: EntityManager,
    connectionId: string,
    emails: readonly string[],
  ): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    const rows: Array<{ email: string; source_id: string }> = await manager.query(
      // One primary-key probe per email (see AuditRepository.findStates for why LATERAL).
      `SELECT c.email, c.source_id FROM unnest($2::text[]) AS e(email)
         JOIN LATERAL (
           SELECT email, source_id FROM contact_email_claims
            WHERE connection_id = $1 AND email = e.email
            LIMIT 1
         ) c ON true`,
      [connectionId, emails],
    );
    return new Map(rows.map((r) => [r.email, r.source_id]));
  }

  /** HubSpot accepted these writes: each email now belongs to its record, and only that one. */
  async claim(
    manager: EntityManager,
    connectionId: string,
    claims: readonly EmailClaim[],
  ): Promise<void> {
    if (claims.length === 0) return;
    const sourceIds = claims.map((c) => c.sourceId);
    const emails = claims.map((c) => c.email);
    // The rows are found by one index probe per record (OFFSET 0 keeps the planner from
    // flattening the LATERAL), then deleted by their tuple ids: a join planned on stale
    // statistics scanned every claim of the connection, per batch.
    await manager.query(
      `DELETE FROM contact_email_claims
        WHERE ctid = ANY(ARRAY(
          SELECT c.ctid FROM unnest($2::text[], $3::text[]) AS t(source_id, email)
            JOIN LATERAL (
              SELECT ctid FROM contact_email_claims
               WHERE connection_id = $1 AND source_id = t.source_id AND email <> t.email
              OFFSET 0
            ) c ON true))
          AND connection_id = $1`,
      [connectionId, sourceIds, emails],
    );
    await manager.query(
      `INSERT INTO contact_email_claims (connection_id, email, source_id)
       SELECT $1, email, source_id FROM unnest($2::text[], $3::text[]) AS t(email, source_id)
       ON CONFLICT (connection_id, email) DO UPDATE
         SET source_id = EXCLUDED.source_id, claimed_at = now()`,
      [connectionId, emails, sourceIds],
    );
  }
}

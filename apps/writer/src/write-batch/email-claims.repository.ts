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
      `SELECT email, source_id FROM contact_email_claims WHERE connection_id = $1 AND email = ANY($2::text[])`,
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
    await manager.query(
      `DELETE FROM contact_email_claims c
        USING unnest($2::text[], $3::text[]) AS t(source_id, email)
        WHERE c.connection_id = $1 AND c.source_id = t.source_id AND c.email <> t.email`,
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

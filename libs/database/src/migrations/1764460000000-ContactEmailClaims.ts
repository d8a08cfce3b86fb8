import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which PeopleSoft record each email was last written to HubSpot for. HubSpot keeps an email on
 * one contact only; two employees sharing an address would otherwise cost a refused batch and
 * a bisection every time, and the second one's failure would not say who holds the address.
 */
export class ContactEmailClaims1764460000000 implements MigrationInterface {
  name = 'ContactEmailClaims1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_email_claims (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        email text NOT NULL,
        source_id text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, email)
      )`);
    await q.query(
      `CREATE INDEX contact_email_claims_source ON contact_email_claims (connection_id, source_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_email_claims`);
  }
}

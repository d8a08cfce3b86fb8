import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the writer's property bootstrap found in a portal (its time zone and property names),
 * kept for every replica: a writer that starts while the result is recent, for the same property
 * definitions, reuses it instead of spending three or more requests of the portal's shared limit.
 * `portal_key` is a hash of the token, base URL and API version, never the token itself.
 */
export class PortalBootstraps1764760000000 implements MigrationInterface {
  name = 'PortalBootstraps1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hubspot_portal_bootstraps (
        portal_key text NOT NULL,
        object_type text NOT NULL,
        definitions_hash text NOT NULL,
        time_zone text NOT NULL,
        property_names text[] NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (portal_key, object_type)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hubspot_portal_bootstraps`);
  }
}

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { runMigrations } from '@ml/database';
import { createTestDatabase, type TestDatabase } from '@ml/testing';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('migr');
});
after(async () => {
  await db.drop();
});

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return r.rows.map((x) => x.tablename);
  } finally {
    await client.end();
  }
}

test('migrations apply, revert and apply again', async () => {
  const applied = await runMigrations(db.url);
  assert.equal(applied[0], 'InitialSchema1764300000000', 'the initial schema goes first');
  assert.deepEqual(
    applied,
    [...applied].sort((a, b) => Number(/\d{13}$/.exec(a)?.[0]) - Number(/\d{13}$/.exec(b)?.[0])),
    'migrations apply in timestamp order',
  );
  const created = await tables(db.url);
  for (const t of [
    'connections',
    'outbox',
    'source_watermarks',
    'sync_records',
    'sync_attempts',
    'hubspot_rate_buckets',
  ]) {
    assert.ok(created.includes(t), `table ${t} exists`);
  }
  assert.deepEqual(await runMigrations(db.url), [], 'a second run applies nothing');
  // Every down() must undo its up(): reverting them all leaves only the bookkeeping table.
  for (let i = 0; i < applied.length; i++) await runMigrations(db.url, 'down');
  assert.deepEqual(await tables(db.url), ['schema_migrations']);
  assert.deepEqual(await runMigrations(db.url), applied);
});

test('concurrent migrators serialise on the advisory lock', async () => {
  const fresh = await createTestDatabase('migr2');
  try {
    const results = await Promise.all([
      runMigrations(fresh.url),
      runMigrations(fresh.url),
      runMigrations(fresh.url),
    ]);
    const appliers = results.filter((names) => names.length > 0);
    assert.equal(appliers.length, 1, 'exactly one process applied the migrations');
    assert.equal(new Set(results.flat()).size, results.flat().length, 'no migration ran twice');
  } finally {
    await fresh.drop();
  }
});

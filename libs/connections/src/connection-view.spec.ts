import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionEntity } from './connection.entity';
import { toConnectionView } from './connection-view';

const row = (): ConnectionEntity =>
  ({
    id: 'c1',
    name: 'n',
    enabled: true,
    peoplesoft: {
      scheme: 'https',
      host: 'ps',
      port: 443,
      node: 'PSFT_HR',
      timeoutMs: 1000,
      auth: { type: 'basic', oprid: 'ML', password: 'leaked-if-spread' } as never,
      sources: {
        employee: {
          kind: 'query',
          queryName: 'Q',
          visibility: 'public',
          fromPrompt: 'F',
          toPrompt: 'T',
          maxRows: 1,
        },
      },
      overlapSeconds: 1,
      defaultPhoneRegion: 'US',
      secretHint: 'abcd',
      surprise: 'also-not-shown',
    } as never,
    peoplesoftSecret: 'v1.k.iv.tag.body',
    hubspot: {
      baseUrl: 'https://api.hubapi.com',
      apiVersion: '2026-09',
      requestsPer10Seconds: 1,
      dailyLimit: 1,
      secretHint: '',
    },
    hubspotSecret: 'v1.k.iv.tag.body2',
    schedule: { cron: '0 2 * * *', timezone: 'UTC' },
    fullSyncSchedule: null,
    mapping: {},
    terminatedPolicy: 'set-status',
    attention: null,
    nextRunAt: new Date(0),
    nextFullSyncAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  }) as ConnectionEntity;

test('the view shows set/last4 and copies fields one by one, so stray stored values never leak', () => {
  const view = toConnectionView(row());
  const text = JSON.stringify(view);
  for (const hidden of ['leaked-if-spread', 'also-not-shown', 'v1.k.iv', 'secretHint']) {
    assert.ok(!text.includes(hidden), hidden);
  }
  assert.deepEqual(view.peoplesoft.auth, {
    type: 'basic',
    oprid: 'ML',
    password: { set: true, last4: 'abcd' },
  });
  assert.deepEqual(
    view.hubspot.accessToken,
    { set: true, last4: null },
    'short secrets show no last 4',
  );
});

test('the view says which EMPL_RCD becomes the contact, and when the next full sync is queued', () => {
  const plain = toConnectionView(row());
  assert.equal(plain.peoplesoft.sources.employee?.primaryEmplRcd, 'lowest', 'the default shown');
  assert.equal(plain.fullSyncSchedule, null);
  assert.equal(plain.nextFullSyncAt, null);

  const stored = row();
  const employee = stored.peoplesoft.sources.employee;
  stored.peoplesoft = {
    ...stored.peoplesoft,
    sources: { employee: { ...(employee as object), primaryEmplRcd: 1 } as never },
  };
  stored.fullSyncSchedule = { cron: '0 3 * * 0', timezone: 'Europe/Berlin' };
  stored.nextFullSyncAt = new Date('2026-11-29T02:00:00Z');
  const view = toConnectionView(stored);
  assert.equal(view.peoplesoft.sources.employee?.primaryEmplRcd, 1);
  assert.deepEqual(view.fullSyncSchedule, { cron: '0 3 * * 0', timezone: 'Europe/Berlin' });
  assert.equal(view.nextFullSyncAt, '2026-11-29T02:00:00.000Z');
});

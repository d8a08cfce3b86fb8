import type { AuditReader } from './database';
import { fmt, say, step } from './console-ui';
import { restoreHubSpot } from './hubspot-restore';
import { applyChanges, replayEarlierHires, type AppliedChanges } from './peoplesoft-changes';
import { DEMO_CREDENTIALS, type Simulators } from './simulators';

export interface Restored {
  readonly contacts: number;
  readonly companies: number;
}

export interface IncrementalSetup {
  readonly restored: Restored;
  readonly changes: AppliedChanges;
}

/**
 * A session after the first: the simulators start from scratch, the database remembers. Puts
 * HubSpot back as the audit says it was left and makes PeopleSoft's earlier hires exist again.
 * Runs before the writer starts, so nothing it writes can be overwritten by older data.
 */
export async function restoreSession(
  audit: AuditReader,
  connectionId: string,
  sims: Simulators,
): Promise<Restored> {
  const sent = await audit.lastSent(connectionId);
  const restore = await restoreHubSpot(sims.hubspotUrl, DEMO_CREDENTIALS.hubspotToken, sent);
  step(
    `Restored HubSpot from the audit trail: ${fmt(restore.contacts)} contacts and ` +
      `${fmt(restore.companies)} companies as last sent (${restore.requests} API calls` +
      (restore.failed ? `, ${restore.failed} refused` : '') +
      ')',
  );
  const employees = await audit.employeeStates(connectionId);
  const replayed = replayEarlierHires(sims.peoplesoft, employees.keys());
  if (replayed > 0) {
    step(
      `Re-created ${replayed} employees hired in earlier sessions (dated in the past, not re-sent)`,
    );
  }
  return { contacts: restore.contacts, companies: restore.companies };
}

/**
 * Changes a few records already in HubSpot, so the incremental sync has something to carry.
 * Runs once earlier runs have settled (it picks among synced records) and before the poller starts.
 */
export async function changePeopleSoft(
  audit: AuditReader,
  connectionId: string,
  sims: Simulators,
): Promise<AppliedChanges> {
  const session = await audit.finishedRuns(connectionId);
  const changes = await applyChanges(sims.peoplesoft, sims.peoplesoftUrl, session, {
    employee: await audit.syncedIds(connectionId, 'employee'),
    vendor: await audit.syncedIds(connectionId, 'vendor'),
    customer: await audit.syncedIds(connectionId, 'customer'),
  });
  step('Changed in PeopleSoft since the last session (through the simulator at /__sim/):');
  for (const h of changes.hired) say(`     hired        ${h}`);
  for (const t of changes.transferred) say(`     transferred  ${t}`);
  for (const t of changes.terminated) say(`     terminated   ${t}`);
  for (const v of changes.vendors) say(`     vendor       ${v}`);
  for (const c of changes.customers) say(`     customer     ${c}`);
  return changes;
}

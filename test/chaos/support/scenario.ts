import assert from 'node:assert/strict';
import type { ChaosRig, Convergence } from './chaos-rig';

/** At most this many examples per problem in an assertion message. */
const SAMPLE = 10;

const sample = (list: readonly string[]) =>
  list.length === 0
    ? ''
    : `${list.slice(0, SAMPLE).join('\n  ')}${list.length > SAMPLE ? '\n  ...' : ''}`;

/**
 * The checks every scenario ends with, after its faults: the report line first (so it is printed
 * even when a check fails), then the promise: nothing lost, nothing duplicated, nothing stale,
 * nothing stranded, every rejection explained in the audit, the limit respected, the services
 * healthy, and a clean SIGTERM shutdown.
 */
export async function assertPromiseKept(
  rig: ChaosRig,
  scenario: string,
  c: Convergence,
): Promise<void> {
  rig.report(scenario, c);
  const v = c.verdict;
  const counters = rig.hubspot.counterSnapshot();
  const health = await rig.healthProblems();
  const context = () => `\ntimeline: ${rig.events.join(' | ')}\n${rig.logs()}`;

  assert.equal(v.expected, rig.records + rig.hired, 'one current employee per person');
  assert.equal(v.lost.length, 0, `lost records:\n  ${sample(v.lost)}${context()}`);
  assert.equal(v.duplicates.length, 0, `duplicates in HubSpot:\n  ${sample(v.duplicates)}`);
  assert.equal(v.wrong.length, 0, `contacts not matching PeopleSoft:\n  ${sample(v.wrong)}`);
  assert.equal(
    v.auditMismatches.length,
    0,
    `audit disagrees with HubSpot:\n  ${sample(v.auditMismatches)}`,
  );
  assert.equal(
    v.invisibleFailures.length,
    0,
    `rejections without a failed attempt in the audit:\n  ${sample(v.invisibleFailures)}`,
  );
  assert.equal(v.synced + v.rejected, v.expected);
  // A guard against rejecting wholesale: the generator's messy rows are a small minority.
  assert.ok(v.synced >= v.expected * 0.8, `only ${v.synced} of ${v.expected} synced`);
  assert.equal(c.stopReason, undefined, `${c.stopReason}${context()}`);
  assert.equal(c.outbox, 0, 'outbox rows stranded');
  for (const [queue, depth] of Object.entries(c.queues)) {
    assert.deepEqual(depth, { ready: 0, unacked: 0 }, `messages left in ${queue}`);
  }
  assert.equal(c.pending, 0, 'records left pending');
  assert.ok(
    counters.maxRequestsInAnyRolling10s <= rig.limit,
    `${counters.maxRequestsInAnyRolling10s} HubSpot requests in 10 s, limit ${rig.limit}`,
  );
  assert.deepEqual(health, [], `unhealthy services${context()}`);

  const codes = await rig.stopAll();
  assert.deepEqual(
    Object.values(codes),
    Object.keys(codes).map(() => 0),
    `SIGTERM exit codes ${JSON.stringify(codes)}${context()}`,
  );
}

import type { SimCounters } from '@ml/hubspot-simulator';
import type { AdminClient, RecordItem, RunDetail } from './admin-client';
import { fmt, heading, say, seconds, table } from './console-ui';

export interface Reason {
  readonly outcome: 'invalid' | 'failed';
  readonly reason: string;
  readonly count: number;
}

export interface HubSpotFigures {
  /** API requests the simulator saw during the sync (the restore and the test excluded). */
  readonly requests: number;
  readonly rateLimited: number;
  readonly maxRequestsInAnyRolling10s: number;
  readonly objectsCreated: number;
  readonly objectsUpdated: number;
  readonly contacts: number;
  readonly companies: number;
  readonly duplicateCount: number;
}

export interface SyncSummary {
  readonly run: RunDetail;
  /** In step with HubSpot and not sent: unchanged outcomes plus records this run never touched. */
  readonly unchanged: number;
  /** Records this run processed: emitted changes with a final outcome plus rows refused. */
  readonly records: number;
  readonly wallMs: number;
  readonly reasons: Reason[];
  readonly hubspot: HubSpotFigures;
}

/**
 * "EMAIL_ADDR 'x@' is not valid" and "EMAIL_ADDR 'y@' is not valid" are one reason: quoted
 * values (which may hold a quote, as in d'Angelo), email addresses and long ids are blanked.
 */
export function reasonOf(message: string): string {
  return message
    .replace(/'(?:[^']|'(?![\s;,)]|$))*'(?=[\s;,.)]|$)/g, "'…'")
    .replace(/[^\s'<>;,]+@[^\s'<>;,]+/g, '<email>')
    .replace(/\b[A-Za-z]*\d{5,}\b/g, '<id>')
    .slice(0, 160);
}

/** The records of this run that ended invalid or failed, grouped by reason, most frequent first. */
export async function topReasons(
  admin: AdminClient,
  connectionId: string,
  runId: string,
): Promise<Reason[]> {
  const reasons = new Map<string, Reason>();
  for (const outcome of ['invalid', 'failed'] as const) {
    const records = await admin.all<RecordItem>('/records', { connectionId, runId, outcome });
    for (const record of records) {
      const message = record.lastError ?? record.lastAttempt?.errorMessage ?? '(no message)';
      const reason = reasonOf(message);
      const key = `${outcome}|${reason}`;
      const held = reasons.get(key);
      reasons.set(key, { outcome, reason, count: (held?.count ?? 0) + 1 });
    }
  }
  return [...reasons.values()].sort((a, b) => b.count - a.count);
}

export function hubspotFigures(
  before: SimCounters,
  after: SimCounters,
  state: { objectCounts: { contacts: number; companies: number }; duplicateCount: number },
): HubSpotFigures {
  return {
    requests: after.totalRequests - before.totalRequests,
    rateLimited: after.rateLimited - before.rateLimited,
    maxRequestsInAnyRolling10s: after.maxRequestsInAnyRolling10s,
    objectsCreated: after.objectsCreated - before.objectsCreated,
    objectsUpdated: after.objectsUpdated - before.objectsUpdated,
    contacts: state.objectCounts.contacts,
    companies: state.objectCounts.companies,
    duplicateCount: state.duplicateCount,
  };
}

export function printSummary(summary: SyncSummary, requestsPer10s: number): void {
  const { run, hubspot } = summary;
  const o = run.outcomes;
  const rate = summary.wallMs > 0 ? (summary.records * 1000) / summary.wallMs : 0;
  heading(`Summary of run ${run.id} (${run.trigger}, ${run.status})`);
  table([
    ['PeopleSoft rows read', fmt(run.fetched)],
    ['created', fmt(o.created)],
    ['updated', fmt(o.updated)],
    [
      'unchanged',
      `${fmt(summary.unchanged)}   (already in HubSpot as PeopleSoft has them: nothing sent)`,
    ],
    ['invalid', `${fmt(o.invalid)}   (refused by the mapping, never sent)`],
    ['failed', `${fmt(o.failed)}   (refused by HubSpot)`],
    ...(o.stale + o.superseded > 0
      ? [['stale/superseded', fmt(o.stale + o.superseded)] as const]
      : []),
    [
      'took',
      `${seconds(summary.wallMs)}   (${fmt(summary.records)} records, ${rate.toFixed(0)} records/s)`,
    ],
    [
      'HubSpot calls',
      `${fmt(hubspot.requests)}   (${fmt(hubspot.rateLimited)} answered 429; ` +
        `at most ${hubspot.maxRequestsInAnyRolling10s} in any 10 s, limit ${requestsPer10s})`,
    ],
    [
      'HubSpot now holds',
      `${fmt(hubspot.contacts)} contacts, ${fmt(hubspot.companies)} companies, ` +
        `${fmt(hubspot.duplicateCount)} duplicates`,
    ],
  ]);
  if (run.error) say(`  run error: ${run.error}`);
  if (summary.reasons.length > 0) {
    say();
    say('  Top reasons for invalid and failed records:');
    for (const r of summary.reasons.slice(0, 5)) {
      say(`  ${fmt(r.count).padStart(6)}  ${r.outcome.padEnd(7)}  ${r.reason}`);
    }
    const rest = summary.reasons.slice(5).reduce((n, r) => n + r.count, 0);
    if (rest > 0) say(`  ${fmt(rest).padStart(6)}  (${summary.reasons.length - 5} other reasons)`);
  }
}

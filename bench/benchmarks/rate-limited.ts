import { atLeast, atMost, resultRow, zero, type ResultRow } from '../lib/result-row';
import {
  callsNote,
  exitNote,
  failedAtHubSpot,
  measureInitialSync,
  outcomeSummary,
  refusedNote,
  sentToHubSpot,
} from '../lib/run-sync';
import type { Sizes } from '../lib/sizes';
import { perSecond } from '../lib/stats';
import { SyncStack } from '../lib/sync-stack';

const NAME = 'rate-limited';
const LIMIT = 190;
/** 190 requests per 10 s x 100 records per batch upsert. */
const CEILING = (LIMIT / 10) * 100;

/**
 * N employees synced end to end by the real poller and 1 or 4 writer processes into a HubSpot
 * simulator enforcing 190 requests per rolling 10 s: how close to the physical ceiling, at what
 * cost in requests, and without a single 429.
 */
export async function runRateLimitedBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const writers of [1, 4]) {
    rows.push(...(await runWith(writers, sizes.rateLimitedRecords, sizes.uniqueEmails)));
  }
  return rows;
}

async function runWith(
  writers: number,
  records: number,
  uniqueEmails: boolean,
): Promise<ResultRow[]> {
  const stack = await SyncStack.start({
    label: `bench_rl${writers}`,
    employees: records,
    writers,
    portalRequestsPer10s: LIMIT,
    connectionRequestsPer10s: LIMIT,
    uniqueEmails,
  });
  try {
    const names = stack.apps.map((a) => a.name);
    const m = await measureInitialSync(stack);
    const codes = await stack.stopApps();
    const sent = sentToHubSpot(m);
    const who = `${writers} writer${writers > 1 ? 's' : ''}`;
    return [
      resultRow(NAME, {
        figure: `${who}: records/s through HubSpot`,
        value: Math.round(perSecond(sent, m.elapsedMs)),
        unit: 'records/s',
        target: atLeast(CEILING * 0.95),
        reference: { name: 'the HubSpot ceiling', value: CEILING, unit: 'records/s' },
        note: [outcomeSummary(m), exitNote(codes, names)].filter(Boolean).join('; '),
      }),
      resultRow(NAME, {
        figure: `${who}: records failed at HubSpot`,
        value: failedAtHubSpot(m),
        unit: 'records',
        target: zero,
      }),
      resultRow(NAME, {
        figure: `${who}: records refused before sending (the data's shared emails)`,
        value: m.refusedBeforeSending,
        unit: 'records',
        note: refusedNote(m),
      }),
      resultRow(NAME, {
        figure: `${who}: 429 answers`,
        value: m.counters.rateLimited,
        unit: 'responses',
        target: zero,
      }),
      resultRow(NAME, {
        figure: `${who}: HubSpot calls per 1,000 records`,
        value: sent > 0 ? (m.counters.totalRequests / sent) * 1000 : null,
        unit: 'calls',
        target: atMost(10.5),
        note: callsNote(m),
      }),
      resultRow(NAME, {
        figure: `${who}: most requests in any rolling 10 s`,
        value: m.counters.maxRequestsInAnyRolling10s,
        unit: 'requests',
        target: atMost(LIMIT),
        note: `the portal's limit is ${LIMIT}`,
      }),
    ];
  } finally {
    await stack.destroy();
  }
}

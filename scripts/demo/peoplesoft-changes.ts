import type { EmployeeSnapshot, PeopleSoftSimulator } from '@ml/peoplesoft-simulator';

/** What the demo changed in PeopleSoft before an incremental sync, for the summary. */
export interface AppliedChanges {
  readonly hired: string[];
  readonly transferred: string[];
  readonly terminated: string[];
  readonly vendors: string[];
  readonly customers: string[];
  /** HubSpot should see a create for each hire and an update for each of the rest. */
  readonly expectCreated: number;
  readonly expectUpdated: number;
}

const NEW_PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ['Ada', 'Lovelace'],
  ['Grace', 'Hopper'],
  ['Alan', 'Turing'],
  ['Katherine', 'Johnson'],
  ['Edsger', 'Dijkstra'],
  ['Barbara', 'Liskov'],
  ['Donald', 'Knuth'],
  ['Frances', 'Allen'],
];
const CITIES = ['Springfield', 'Riverton', 'Lakewood', 'Fairview'];
const FAR_PAST_SECONDS = -10 * 365 * 86_400;

/**
 * The simulator regenerates the same people at every start, so the employees hired in earlier
 * sessions are missing and the next hire would reuse their EMPLIDs. Hire them again with
 * PeopleSoft's clock ten years back: they take their EMPLIDs, keyed long before any watermark,
 * so no poll ever sees them.
 */
export function replayEarlierHires(
  peoplesoft: PeopleSoftSimulator,
  knownEmplids: Iterable<string>,
): number {
  const generated = peoplesoft.dataset.employees.personCount;
  let highest = -1;
  for (const emplid of knownEmplids) {
    const match = /^KU(\d{7})$/.exec(emplid);
    if (match) highest = Math.max(highest, Number(match[1]) - 1);
  }
  const missing = highest + 1 - generated;
  if (missing <= 0) return 0;
  const offset = peoplesoft.clock.offsetSeconds();
  peoplesoft.setClockOffsetSeconds(FAR_PAST_SECONDS);
  try {
    for (let i = 0; i < missing; i++) peoplesoft.hire({});
  } finally {
    peoplesoft.setClockOffsetSeconds(offset);
  }
  return missing;
}

/**
 * A few changes through the simulator's mutation API (`/__sim/...`, what a tester would curl):
 * hires, transfers and terminations of employees already in HubSpot, and a vendor and a customer
 * that moved. `session` rotates who is picked, so every run changes someone new.
 */
export async function applyChanges(
  peoplesoft: PeopleSoftSimulator,
  peoplesoftUrl: string,
  session: number,
  synced: { employee: Set<string>; vendor: Set<string>; customer: Set<string> },
): Promise<AppliedChanges> {
  const post = (path: string, body: object) => simPost(peoplesoftUrl, path, body);
  const hired: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [first, last] = NEW_PEOPLE[(session * 3 + i) % NEW_PEOPLE.length] ?? ['Demo', 'Hire'];
    const email = `${first}.${last}.${session}${i}@example.com`.toLowerCase();
    const hire = (await post('/__sim/employees', {
      firstName: first,
      lastName: last,
      email,
    })) as EmployeeSnapshot;
    hired.push(`${hire.emplid} ${first} ${last}`);
  }

  const candidates = singleJobActive(peoplesoft.employees()).filter((e) =>
    synced.employee.has(e.emplid),
  );
  const picked = pick(candidates, 5, session);
  const departments = [...new Set(peoplesoft.employees().map((e) => e.deptid))].sort();
  const transferred: string[] = [];
  for (const [i, employee] of picked.slice(0, 3).entries()) {
    const others = departments.filter((d) => d !== employee.deptid);
    const deptid = others[(session + i) % Math.max(1, others.length)];
    if (!deptid) continue;
    await post(`/__sim/employees/${encodeURIComponent(employee.emplid)}/change`, { deptid });
    transferred.push(`${employee.emplid} ${employee.deptid} -> ${deptid}`);
  }
  const terminated: string[] = [];
  for (const employee of picked.slice(3, 5)) {
    await post(`/__sim/employees/${encodeURIComponent(employee.emplid)}/terminate`, {});
    terminated.push(employee.emplid);
  }

  const city = CITIES[session % CITIES.length] ?? 'Springfield';
  const vendors: string[] = [];
  for (const v of pick(
    peoplesoft.vendors().filter((v) => synced.vendor.has(`vendor:${v.setid}:${v.vendorId}`)),
    1,
    session,
  )) {
    const moved = v.city === city ? `${city} Heights` : city;
    await post(`/__sim/vendors/${v.setid}/${v.vendorId}`, { city: moved });
    vendors.push(`${v.setid}/${v.vendorId} moved to ${moved}`);
  }
  const customers: string[] = [];
  for (const c of pick(
    peoplesoft.customers().filter((c) => synced.customer.has(`customer:${c.setid}:${c.custId}`)),
    1,
    session,
  )) {
    const moved = c.city === city ? `${city} Heights` : city;
    await post(`/__sim/customers/${c.setid}/${c.custId}`, { city: moved });
    customers.push(`${c.setid}/${c.custId} moved to ${moved}`);
  }
  return {
    hired,
    transferred,
    terminated,
    vendors,
    customers,
    expectCreated: hired.length,
    expectUpdated: transferred.length + terminated.length + vendors.length + customers.length,
  };
}

/** People with one job only, active today: a change to them shows on exactly one contact. */
function singleJobActive(snapshots: readonly EmployeeSnapshot[]): EmployeeSnapshot[] {
  const jobs = new Map<string, number>();
  for (const s of snapshots) jobs.set(s.emplid, (jobs.get(s.emplid) ?? 0) + 1);
  return snapshots.filter((s) => jobs.get(s.emplid) === 1 && s.hrStatus === 'A');
}

/** `count` items spread over the list, starting at a place that moves with the session. */
function pick<T>(items: readonly T[], count: number, session: number): T[] {
  if (items.length === 0) return [];
  const n = Math.min(count, items.length);
  const stride = Math.max(1, Math.floor(items.length / n));
  const start = (session * 7919) % items.length;
  const chosen = new Set<number>();
  for (let i = 0; chosen.size < n; i++) chosen.add((start + i * stride) % items.length);
  return [...chosen].map((i) => items[i] as T);
}

async function simPost(baseUrl: string, path: string, body: object): Promise<unknown> {
  const answer = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed: unknown = await answer.json().catch(() => null);
  if (!answer.ok) {
    throw new Error(
      `PeopleSoft simulator ${path} answered ${answer.status}: ${JSON.stringify(parsed)}`,
    );
  }
  return parsed;
}

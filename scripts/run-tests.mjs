#!/usr/bin/env node
// Runs the compiled specs by tier with node:test. Node 20's runner takes no globs, so the files
// are listed here. A skipped or todo test fails the run: a test that does not run proves nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const TIERS = {
  unit: (f) => f.endsWith('.spec.js') && !/\.(int|e2e|chaos|bad-input)\.spec\.js$/.test(f),
  integration: (f) => f.endsWith('.int.spec.js'),
  e2e: (f) => f.endsWith('.e2e.spec.js'),
  chaos: (f) => f.endsWith('.chaos.spec.js'),
  'bad-input': (f) => f.endsWith('.bad-input.spec.js'),
};
// Integration specs each make their own database and vhost; e2e specs start whole processes.
const CONCURRENCY = { unit: 4, integration: 2, e2e: 1, chaos: 1, 'bad-input': 1 };

function specsUnder(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(specsUnder(path));
    else found.push(path);
  }
  return found;
}

const requested = process.argv.slice(2);
const tiers = requested.length > 0 ? requested : ['unit', 'integration', 'e2e'];
const all = ['apps', 'libs', 'test'].flatMap((top) => specsUnder(join(ROOT, 'dist', top))).sort();
mkdirSync(join(ROOT, '.tmp'), { recursive: true });

let failed = false;
for (const tier of tiers) {
  const pick = TIERS[tier];
  if (!pick) {
    console.error(`unknown tier ${tier}; use ${Object.keys(TIERS).join(', ')}`);
    process.exit(2);
  }
  const files = all.filter(pick);
  if (files.length === 0) {
    console.error(`no ${tier} specs found under dist/: run npm run build first`);
    process.exit(1);
  }
  console.log(`\n=== ${tier}: ${files.length} spec files ===`);
  const tap = join(ROOT, '.tmp', `test-${tier}.tap`);
  const run = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      `--test-concurrency=${CONCURRENCY[tier]}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(ROOT, f)),
    ],
    { cwd: ROOT, stdio: 'inherit', env: process.env },
  );
  // No report at all means the runner itself died (killed, out of memory): a failure too.
  let summary = '';
  try {
    summary = readFileSync(tap, 'utf8');
  } catch {
    console.error(`${tier}: the test runner wrote no report (exit ${run.status ?? run.signal})`);
    failed = true;
  }
  const count = (name) =>
    Number((summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const skipped = count('skipped');
  const todo = count('todo');
  if (run.status !== 0) failed = true;
  if (skipped > 0 || todo > 0) {
    console.error(`${tier}: ${skipped} skipped and ${todo} todo tests; every test must run`);
    failed = true;
  }
  console.log(
    `=== ${tier}: pass ${count('pass')}, fail ${count('fail')}, skipped ${skipped}, todo ${todo} ===`,
  );
}
process.exit(failed ? 1 : 0);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('uses port 8082 and simulator defaults without arguments', () => {
    assert.deepEqual(parseCliArgs([]), { port: 8082, options: {} });
  });

  it('reads every flag, with --token repeatable', () => {
    const config = parseCliArgs([
      '--port',
      '9000',
      '--token',
      'pat-na1-a',
      '--token',
      'svc-key',
      '--requests-per-10s',
      '100',
      '--daily-limit',
      '250000',
      '--seed',
      '7',
      '--partial-failure-mode',
      '207',
    ]);
    assert.deepEqual(config, {
      port: 9000,
      options: {
        tokens: ['pat-na1-a', 'svc-key'],
        requestsPer10s: 100,
        dailyLimit: 250000,
        seed: 7,
        partialFailureMode: '207',
      },
    });
  });

  it('reads the portal, versions, time zone and Retry-After flags', () => {
    const config = parseCliArgs([
      '--portal-id',
      '123',
      '--api-versions',
      '2026-03, 2026-09',
      '--time-zone',
      'Europe/Paris',
      '--retry-after-on-rate-limit',
      'true',
      '--host',
      '0.0.0.0',
    ]);
    assert.deepEqual(config.options, {
      portalId: 123,
      apiVersions: ['2026-03', '2026-09'],
      timeZone: 'Europe/Paris',
      retryAfterOnRateLimit: true,
      host: '0.0.0.0',
    });
  });

  it('refuses unknown flags, missing values and bad numbers', () => {
    assert.throws(() => parseCliArgs(['--api-versions', '2026-05']), /YYYY-03 or YYYY-09/);
    assert.throws(() => parseCliArgs(['--time-zone', 'Mars/Olympus']), /not an IANA time zone/);
    assert.throws(() => parseCliArgs(['--retry-after-on-rate-limit', 'yes']), /true or false/);
    assert.throws(() => parseCliArgs(['--bogus', '1']), /unknown option --bogus/);
    assert.throws(() => parseCliArgs(['--port']), /--port needs a value/);
    assert.throws(() => parseCliArgs(['--port', 'x']), /--port must be an integer/);
    assert.throws(() => parseCliArgs(['--requests-per-10s', '0']), /must be an integer/);
  });
});

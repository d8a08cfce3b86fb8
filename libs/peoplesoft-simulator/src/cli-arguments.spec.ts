import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArguments } from './cli-arguments';
import { SIMULATOR_DEFAULTS } from './simulator-options';

describe('parseCliArguments', () => {
  it('defaults to port 8081 on 127.0.0.1 with the demo password', () => {
    const settings = parseCliArguments([]);
    assert.equal(settings.port, 8081);
    assert.equal(settings.host, '127.0.0.1');
    assert.equal(settings.options.password, SIMULATOR_DEFAULTS.password);
    assert.equal(settings.options.employees, undefined);
  });

  it('reads --name value and --name=value forms', () => {
    const settings = parseCliArguments([
      '--port=9000',
      '--host',
      '0.0.0.0',
      '--employees',
      '1000000',
      '--node=HRPRD',
      '--latency-ms',
      '25',
      '--late-commit-seconds=3',
      '--token-ttl-seconds',
      '60',
      '--user',
      'SYNC_USER',
    ]);
    assert.equal(settings.port, 9000);
    assert.equal(settings.host, '0.0.0.0');
    assert.equal(settings.options.employees, 1_000_000);
    assert.equal(settings.options.node, 'HRPRD');
    assert.equal(settings.options.latencyMs, 25);
    assert.equal(settings.options.lateCommitSeconds, 3);
    assert.equal(settings.options.tokenTtlSeconds, 60);
    assert.equal(settings.options.user, 'SYNC_USER');
  });

  it('takes the password from PS_SIM_PASSWORD unless given on the command line', () => {
    assert.equal(
      parseCliArguments([], { PS_SIM_PASSWORD: 'from-env' }).options.password,
      'from-env',
    );
    assert.equal(
      parseCliArguments(['--password', 'cli'], { PS_SIM_PASSWORD: 'from-env' }).options.password,
      'cli',
    );
    assert.equal(parseCliArguments(['--password=a=b']).options.password, 'a=b');
  });

  it('refuses unknown options, missing values, stray words and non-numbers with the usage text', () => {
    assert.throws(() => parseCliArguments(['--bogus', '1']), /unknown option --bogus\nUsage:/);
    assert.throws(() => parseCliArguments(['--port']), /--port needs a value/);
    assert.throws(() => parseCliArguments(['serve']), /unexpected argument serve/);
    assert.throws(
      () => parseCliArguments(['--port', '-1']),
      /--port must be a non-negative integer/,
    );
    assert.throws(
      () => parseCliArguments(['--employees=1e6']),
      /--employees must be a non-negative integer/,
    );
  });
});

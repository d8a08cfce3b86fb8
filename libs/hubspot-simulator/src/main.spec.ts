import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('main.js', () => {
  it('runs standalone with CLI flags and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        join(__dirname, 'main.js'),
        '--port',
        '0',
        '--token',
        'svc-key-cli',
        '--requests-per-10s',
        '7',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const found = /listening on (http:\/\/\S+)/.exec(output);
          if (found) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
      });
      const response = await fetch(`${url}/account-info/2026-09/details`, {
        headers: { authorization: 'Bearer svc-key-cli' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-hubspot-ratelimit-max'), '7');
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits non-zero with the usage on a bad flag', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'main.js'), '--bogus', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (errors += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(errors, /unknown option --bogus[\s\S]*usage:/);
  });
});

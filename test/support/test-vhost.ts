import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RABBIT_BASE = process.env.TEST_RABBITMQ_BASE_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/** The broker user the test URLs log in as. */
const RABBIT_USER = decodeURIComponent(new URL(RABBIT_BASE).username) || 'guest';

export interface TestVhost {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh RabbitMQ vhost for one test file: its queues vanish with it, so runs never collide. */
export async function createTestVhost(label = 't'): Promise<TestVhost> {
  const name = `mlc_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await run('rabbitmqctl', ['-q', 'add_vhost', name]);
  await setVhostAccess(name, true);
  return {
    name,
    url: `${RABBIT_BASE}/${encodeURIComponent(name)}`,
    drop: async () => {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]).catch(() => undefined);
    },
  };
}

/**
 * Grants or revokes the test user's permissions on one vhost. Revoked, every new connection to it
 * is refused while other vhosts (other test runs) are untouched: with `closeVhostConnections` it
 * makes a broker outage that lasts until access is granted again.
 */
export async function setVhostAccess(vhost: string, allowed: boolean): Promise<void> {
  if (!vhost || vhost === '/')
    throw new Error('setVhostAccess: refusing to touch the default vhost');
  await (allowed
    ? run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, RABBIT_USER, '.*', '.*', '.*'])
    : run('rabbitmqctl', ['-q', 'clear_permissions', '-p', vhost, RABBIT_USER]));
}

/** Reads queue depths straight from the broker, independent of the code under test. */
export async function queueDepths(
  vhost: string,
): Promise<Map<string, { ready: number; unacked: number }>> {
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    '--no-table-headers',
    'list_queues',
    '-p',
    vhost,
    'name',
    'messages_ready',
    'messages_unacknowledged',
  ]);
  const depths = new Map<string, { ready: number; unacked: number }>();
  for (const line of stdout.split('\n')) {
    const [name, ready, unacked] = line.trim().split(/\s+/);
    if (name && ready !== undefined && unacked !== undefined) {
      depths.set(name, { ready: Number(ready), unacked: Number(unacked) });
    }
  }
  return depths;
}

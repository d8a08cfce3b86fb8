import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Has the broker force-close every connection of ONE vhost, as a broker restart would. Always
 * scoped: other test runs share this broker, and their connections must survive.
 */
export async function closeVhostConnections(vhost: string, explanation = 'test'): Promise<void> {
  if (!vhost || vhost === '/')
    throw new Error('closeVhostConnections: refusing to close the default vhost');
  await run('rabbitmqctl', ['-q', 'close_all_connections', '--vhost', vhost, explanation]);
}

/** Names of the connections the broker currently lists for one vhost. */
export async function vhostConnectionNames(vhost: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    '--no-table-headers',
    'list_connections',
    'vhost',
    'client_properties',
  ]);
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`${vhost}\t`))
    .map((line) => /connection_name","([^"]*)"/.exec(line)?.[1] ?? '');
}

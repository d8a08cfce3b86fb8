import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * Stops the RabbitMQ application (the node stays up, every connection on every vhost drops and
 * new ones are refused), waits `outageMs`, then starts it again, always, and waits until it
 * serves. It affects the whole broker on this machine: keep the outage short, run serially.
 */
export async function brokerOutage(outageMs: number): Promise<void> {
  await run('rabbitmqctl', ['-q', 'stop_app']);
  try {
    await new Promise((resolve) => setTimeout(resolve, outageMs));
  } finally {
    await run('rabbitmqctl', ['-q', 'start_app']);
    await run('rabbitmqctl', ['-q', 'await_startup', '--timeout', '60']);
  }
}

/**
 * Terminates every backend the apps hold on one database (application_name ml-connector-*),
 * as a Postgres failover or an administrator's pg_terminate_backend would; the test's own
 * observer connections are spared. Resolves with how many backends were terminated.
 */
export async function terminateAppBackends(adminUrl: string, database: string): Promise<number> {
  const client = new Client({ connectionString: adminUrl, application_name: 'ml-chaos-fault' });
  await client.connect();
  try {
    const result = await client.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE 'ml-connector-%'`,
      [database],
    );
    return result.rows.filter((r) => r.terminated).length;
  } finally {
    await client.end();
  }
}

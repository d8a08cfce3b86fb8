import { AmqpConnection, type AmqpConnectionOptions } from '../amqp-connection';
import { MessagingTopology, type MessagingTopologyOptions } from '../messaging-topology';
import { LogCapture } from './log-capture';

/** A started connection on a test vhost with fast reconnects, and the log lines it wrote. */
export async function connectForTest(
  url: string,
  topologyOptions: MessagingTopologyOptions = {},
  connectionName = 'ml-test',
  overrides: Partial<AmqpConnectionOptions> = {},
): Promise<{ connection: AmqpConnection; topology: MessagingTopology; logs: LogCapture }> {
  const topology = new MessagingTopology(topologyOptions);
  const logs = new LogCapture();
  const connection = new AmqpConnection({
    url,
    topology,
    connectionName,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    startTimeoutMs: 10_000,
    logger: logs,
    ...overrides,
  });
  await connection.start();
  return { connection, topology, logs };
}

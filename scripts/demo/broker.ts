import { connect } from 'amqplib';
import { MessagingTopology } from '@ml/messaging';

const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

export function rabbitmqUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.RABBITMQ_URL || DEFAULT_RABBITMQ_URL;
}

/** Opens and closes one connection: a clear error now beats apps retrying forever later. */
export async function checkBroker(url: string): Promise<void> {
  const connection = await connect(url, { timeout: 5000 });
  await connection.close();
}

/**
 * Deletes the demo's exchanges and queues, so a reset leaves no message for a connection that
 * no longer exists. The apps declare them again at start.
 */
export async function deleteTopology(url: string, prefix: string): Promise<void> {
  const topology = new MessagingTopology({ prefix });
  const connection = await connect(url, { timeout: 5000 });
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(topology.workQueue);
    await channel.deleteQueue(topology.deadLetterQueue);
    await channel.deleteExchange(topology.exchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

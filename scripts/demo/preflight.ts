import { checkBroker, deleteTopology } from './broker';
import { errorText, heading, safeUrl, step } from './console-ui';
import { dropDatabase, prepareDatabase } from './database';
import type { DemoOptions } from './options';
import { assertPortFree } from './processes';

/**
 * Everything that must hold before anything starts, each failure named with its fix: the fixed
 * ports free, RabbitMQ reachable, the database created (or dropped first with --reset) and migrated.
 */
export async function prepareInfrastructure(
  o: DemoOptions,
  databaseUrl: string,
  brokerUrl: string,
): Promise<void> {
  heading('Preparing');
  await assertPortFree(o.peoplesoftPort, 'PeopleSoft simulator', '--peoplesoft-port');
  await assertPortFree(o.hubspotPort, 'HubSpot simulator', '--hubspot-port');
  await assertPortFree(o.apiPort, 'admin API', '--api-port');
  await checkBroker(brokerUrl).catch((error: unknown) => {
    throw new Error(
      `cannot reach RabbitMQ at ${safeUrl(brokerUrl)} (${errorText(error)}): start it or set RABBITMQ_URL`,
    );
  });
  const postgresError = (error: unknown) =>
    new Error(
      `cannot prepare the database at ${safeUrl(databaseUrl)} (${errorText(error)}): ` +
        'start Postgres or set DATABASE_URL to a server you may create databases on',
    );
  if (o.reset) {
    const dropped = await dropDatabase(databaseUrl).catch((error: unknown) => {
      throw postgresError(error);
    });
    await deleteTopology(brokerUrl, o.queuePrefix);
    step(
      `Reset: ${dropped ? 'dropped' : 'there was no'} database ${o.database}; ` +
        `deleted the ${o.queuePrefix}.* queues`,
    );
  }
  const db = await prepareDatabase(databaseUrl).catch((error: unknown) => {
    throw postgresError(error);
  });
  step(
    `Postgres ${safeUrl(databaseUrl)}: ${db.created ? 'created the database' : 'database exists'}, ` +
      (db.applied.length ? `applied ${db.applied.length} migrations` : 'schema up to date'),
  );
  step(`RabbitMQ ${safeUrl(brokerUrl)}: reachable, queue prefix ${o.queuePrefix}`);
}

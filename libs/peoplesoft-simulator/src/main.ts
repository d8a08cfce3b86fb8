import { parseCliArguments } from './cli-arguments';
import { PeopleSoftSimulator } from './peoplesoft-simulator';
import { SIMULATOR_DEFAULTS } from './simulator-options';

async function main(): Promise<void> {
  const settings = parseCliArguments(process.argv.slice(2), process.env);
  const started = Date.now();
  const simulator = new PeopleSoftSimulator(settings.options);
  const url = await simulator.start(settings.port, settings.host);
  const node = simulator.node;
  const user = settings.options.user ?? SIMULATOR_DEFAULTS.user;
  process.stdout.write(
    `PeopleSoft simulator listening on ${url} (node ${node}, user ${user}, ` +
      `${simulator.dataset.employees.personCount} people, ${simulator.dataset.employees.rowCount} JOB rows, ` +
      `ready in ${Date.now() - started} ms)\n` +
      `  query:  ${url}/PSIGW/RESTListeningConnector/${node}/ExecuteQuery.v1/public/ML_EMPLOYEES/JSON/NONFILE\n` +
      `  token:  ${url}/oauth2/token   state: ${url}/__sim/state\n`,
  );
  const shutdown = (signal: string): void => {
    process.stdout.write(`PeopleSoft simulator stopping (${signal})\n`);
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

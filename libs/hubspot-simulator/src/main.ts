import { parseCliArgs } from './cli-args';
import { HubSpotSimulator } from './hubspot-simulator';
import { DEFAULT_SIM_TOKEN } from './simulator-options';

async function main(): Promise<void> {
  const { port, options } = parseCliArgs(process.argv.slice(2));
  const simulator = new HubSpotSimulator(options);
  const url = await simulator.start(port);
  process.stdout.write(`HubSpot simulator listening on ${url} (portal ${simulator.portalId})\n`);
  if (!options.tokens) {
    process.stdout.write(`No --token given: accepting the demo token ${DEFAULT_SIM_TOKEN}\n`);
  }
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal} received, stopping\n`);
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

import type { INestApplicationContext, LoggerService } from '@nestjs/common';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Closes the app on SIGTERM/SIGINT (Nest runs every shutdown hook: the writer drains and acks its
 * batches, the poller finishes its window transaction) and exits 0. Nest's own shutdown hooks
 * re-raise the signal, which Kubernetes and CI read as a crash (exit 143). A second signal, or a
 * close that outlives `graceMs`, exits 1 at once.
 */
export function closeOnSignals(
  app: INestApplicationContext,
  logger: LoggerService,
  graceMs = 60_000,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`second ${signal}: exiting without waiting`, 'Shutdown');
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal} received: finishing work in flight`, 'Shutdown');
    const force = setTimeout(() => {
      logger.error(`shutdown took longer than ${graceMs} ms: exiting`, undefined, 'Shutdown');
      process.exit(1);
    }, graceMs);
    force.unref();
    app.close().then(
      () => {
        logger.log('stopped cleanly', 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          undefined,
          'Shutdown',
        );
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

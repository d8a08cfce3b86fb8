/**
 * The few log calls this lib makes. Plain `(message) => void` methods so a pino logger, a Nest
 * `Logger` adapter or `console` all fit without an adapter class.
 */
export interface MessagingLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Default: warnings and errors to stderr, because a silent default hides a broker outage. */
export const stderrMessagingLogger: MessagingLogger = {
  info: () => undefined,
  warn: (message) => process.stderr.write(`[messaging] WARN ${message}\n`),
  error: (message) => process.stderr.write(`[messaging] ERROR ${message}\n`),
};

export const silentMessagingLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

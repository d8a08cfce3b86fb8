import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '@ml/config';

/**
 * Nest's logger interface over pino: one JSON object per line with the app name and the
 * component (Nest's "context"), so a log pipeline can filter and join on fields. Values under
 * keys that name a secret are censored even if a careless call site passes them.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(
    app: string,
    level: LogLevel,
    destination: pino.DestinationStream = pino.destination(1),
  ) {
    this.pino = pino(
      {
        level,
        base: { app },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: {
          paths: [
            '*.password',
            '*.clientSecret',
            '*.accessToken',
            '*.token',
            '*.authorization',
            '*.secret',
            'password',
            'clientSecret',
            'accessToken',
            'token',
            'authorization',
          ],
          censor: '[redacted]',
        },
      },
      destination,
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  setLogLevels(levels: NestLogLevel[]): void {
    if (levels.includes('verbose')) this.pino.level = 'trace';
    else if (levels.includes('debug')) this.pino.level = 'debug';
  }

  /** Nest passes the context last; an error's stack comes before it. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack =
      typeof rest[0] === 'string' && level === 'error' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

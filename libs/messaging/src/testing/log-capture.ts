import type { MessagingLogger } from '../messaging-logger';

/** A logger that keeps every line, so tests can assert on what would have been logged. */
export class LogCapture implements MessagingLogger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`INFO ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`WARN ${message}`);
  }
  error(message: string): void {
    this.lines.push(`ERROR ${message}`);
  }
}

import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The parts of Express's request and response this API uses (no @types/express here). */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  header(name: string): string | undefined;
  correlationId?: string;
}

export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}

export type RequestWithCorrelation = HttpRequest;

/**
 * Gives every request a correlation id: the caller's `X-Correlation-Id` when it is a short
 * token, else a new UUID. It is echoed in the response header and in every error body.
 */
export function correlationIdMiddleware(
  req: HttpRequest,
  res: HttpResponse,
  next: () => void,
): void {
  const offered = req.header(CORRELATION_HEADER);
  const id = offered && /^[A-Za-z0-9._:-]{1,64}$/.test(offered) ? offered : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}

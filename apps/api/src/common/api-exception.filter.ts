import { randomUUID } from 'node:crypto';
import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { InvalidCursorError } from '@ml/audit';
import { ConnectionNameTakenError, InvalidConnectionError } from '@ml/connections';
import type { HttpRequest, HttpResponse } from './correlation-id';

export const BODY_LIMIT = '256kb';

/**
 * Every error leaves the API in one shape: `{ statusCode, error, message, correlationId }`.
 * Client errors keep their message (validation messages name the field, never echo a value);
 * anything unexpected becomes a 500 whose body says nothing about the cause: the details go to
 * the log under the same correlation id.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<HttpResponse>();
    const correlationId = req.correlationId ?? randomUUID();
    const known = toHttpException(exception);
    const status = known?.getStatus() ?? HttpStatus.INTERNAL_SERVER_ERROR;
    // 503 is a deliberate answer (GET /health reports which dependency is down); any other
    // 5xx, and anything that is not an HttpException, is a fault whose details stay in the log.
    if (!known || (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE)) {
      this.logger.error(
        `${req.method} ${req.path} failed (correlation id ${correlationId}): ${describe(exception)}`,
      );
      res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: 'Internal Server Error',
        message: 'An unexpected error occurred; quote the correlation id when reporting it.',
        correlationId,
      });
      return;
    }
    if (status === HttpStatus.UNAUTHORIZED) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json({ ...clientBody(known, status), correlationId });
  }
}

function toHttpException(exception: unknown): HttpException | undefined {
  if (exception instanceof HttpException) return exception;
  if (exception instanceof InvalidCursorError || exception instanceof InvalidConnectionError) {
    return new BadRequestException(exception.message);
  }
  if (exception instanceof ConnectionNameTakenError) {
    return new ConflictException(exception.message);
  }
  return undefined;
}

function clientBody(exception: HttpException, status: number): Record<string, unknown> {
  const error = reasonPhrase(status);
  // Body-parser messages quote the request body (which can hold a secret): replace them.
  if (exception.cause instanceof SyntaxError) {
    return { statusCode: status, error, message: 'request body is not valid JSON' };
  }
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return { statusCode: status, error, message: `request body is larger than ${BODY_LIMIT}` };
  }
  if (status === HttpStatus.UNAUTHORIZED) {
    return { statusCode: status, error, message: 'Unauthorized' };
  }
  const response = exception.getResponse();
  if (typeof response === 'string') return { statusCode: status, error, message: response };
  const { statusCode: _s, error: _e, ...rest } = response as Record<string, unknown>;
  return { statusCode: status, error, message: exception.message, ...rest };
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string'
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
}

function describe(exception: unknown): string {
  if (exception instanceof Error)
    return exception.stack ?? `${exception.name}: ${exception.message}`;
  return typeof exception;
}

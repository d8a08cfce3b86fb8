import { Pool } from 'undici';
import {
  badResponse,
  classifyErrorResponse,
  correlationIdOf,
  parseJsonObject,
  type RawResponse,
} from './classify-response';
import { classifyTransportError } from './classify-transport-error';
import { parseRateLimitHeaders, type HeaderBag } from './rate-limit-headers';
import type { RequestAudit } from './request-audit';
import { redactSecret } from './redact-secret';
import type { ResolvedHubSpotSettings } from './hubspot-settings';

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
  request: RequestAudit;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent, but kept out of the audit record's path. */
  query?: URLSearchParams;
  /**
   * Statuses that come back as answers instead of errors, for callers that treat them as normal
   * (409 on an idempotent create).
   */
  passThrough?: readonly number[];
  /** A 2xx with no body (204 from an archive) is a success, answered as `{}`. */
  emptyOk?: boolean;
}

export interface TransportOptions {
  /** Keep-alive connections to HubSpot; a few suffice under a 190/10 s budget. */
  connections?: number;
  onRequest?: (audit: RequestAudit) => void;
  /**
   * Awaited right before every request is sent (upserts, reads, the property bootstrap): the
   * place for a rate limit shared across processes, so each grant is spent at once.
   */
  beforeRequest?: () => Promise<void>;
}

/**
 * One keep-alive connection pool to the HubSpot origin. Each call yields a 2xx JSON object or
 * throws a classified HubSpotError; both carry the request's audit record.
 */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly redact: (text: string) => string;

  constructor(
    private readonly settings: ResolvedHubSpotSettings,
    private readonly options: TransportOptions = {},
  ) {
    this.pool = new Pool(settings.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    this.redact = (text) => redactSecret(text, settings.accessToken);
  }

  async json(
    method: 'GET' | 'POST',
    path: string,
    { body, query, passThrough = [], emptyOk = false }: RequestOptions = {},
  ): Promise<JsonAnswer> {
    const encoded = query?.toString() ?? '';
    const search = encoded === '' ? '' : `?${encoded}`;
    await this.options.beforeRequest?.();
    const startedAt = Date.now();
    const started = performance.now();
    const audit = (
      status: number | undefined,
      headers: HeaderBag,
      correlationId: string | undefined,
    ): RequestAudit => ({
      method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      correlationId,
      rateLimit: parseRateLimitHeaders(headers),
      startedAt: new Date(startedAt).toISOString(),
    });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    let raw: RawResponse;
    try {
      const response = await this.pool.request({
        method,
        path: `${this.settings.basePath}${path}${search}`,
        headers: {
          authorization: `Bearer ${this.settings.accessToken}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      raw = {
        status: response.statusCode,
        headers: response.headers,
        text: await response.body.text(),
      };
    } catch (error) {
      const request = audit(undefined, {}, undefined);
      this.report(request);
      throw classifyTransportError(error, timedOut, this.settings.timeoutMs, request, this.redact);
    } finally {
      clearTimeout(timer);
    }
    const parsed = parseJsonObject(raw.text);
    const request = audit(raw.status, raw.headers, correlationIdOf(raw, parsed));
    this.report(request);
    const ok = raw.status >= 200 && raw.status < 300;
    if (!ok && !passThrough.includes(raw.status))
      throw classifyErrorResponse(raw, request, this.redact);
    if (!parsed) {
      if (!ok) throw classifyErrorResponse(raw, request, this.redact);
      if (emptyOk && raw.text.trim() === '') return { status: raw.status, body: {}, request };
      throw badResponse(
        raw,
        request,
        raw.text.trim() === '' ? 'an empty body' : 'a body that is not a JSON object',
      );
    }
    return { status: raw.status, body: parsed, request };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private report(request: RequestAudit): void {
    // An audit hook that throws must not turn a good write into a failure.
    try {
      this.options.onRequest?.(request);
    } catch {
      return;
    }
  }
}

import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { classifyIbError, IbAnswer, IbErrorContext, isSplittable } from './classify-ib-error';
import { classifyTransportError } from './classify-transport-error';
import { isIbResponse, looksLikeHtml } from './ib-response';
import { OAuthTokenCache } from './oauth-token-cache';
import { parseQueryResponse } from './parse-query-response';
import { PeopleSoftError } from './peoplesoft-error';
import {
  FetchWindow,
  FetchWindowResult,
  PeopleSoftSettings,
  PeopleSoftSource,
  QAS_SERVICE_OPERATION,
} from './peoplesoft-settings';
import { buildOperationUrl, buildQueryUrl } from './query-url';
import { secretScrubber } from './scrub-secrets';

export interface PeopleSoftClientOptions {
  /** Replaces undici's fetch (tests); it receives undici's `dispatcher` in the init. */
  readonly fetch?: typeof fetch;
  /** Clock for token expiry, in epoch milliseconds. */
  readonly now?: () => number;
}

interface Credentials {
  readonly header: string;
  /** The bearer token sent, so a 401 can drop exactly that one. */
  readonly token?: string;
}

function checkSettings(settings: PeopleSoftSettings): void {
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535) {
    throw new RangeError(`port must be 1-65535, got ${settings.port}`);
  }
  if (!(settings.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  if (settings.host.trim() === '' || settings.node.trim() === '') {
    throw new RangeError('host and node are required');
  }
}

/**
 * Reads changed rows from PeopleSoft's Integration Broker: the Query Access Service or a custom
 * provider REST operation, over HTTP Basic or OAuth2 bearer tokens. Every failure comes out as a
 * PeopleSoftError with a hint and without secrets.
 */
export class PeopleSoftClient {
  private readonly dispatcher: Agent;
  private readonly fetchImpl: typeof fetch;
  private readonly tokens: OAuthTokenCache | undefined;
  private readonly scrub: (text: string) => string;
  private closed = false;

  constructor(
    private readonly settings: PeopleSoftSettings,
    options: PeopleSoftClientOptions = {},
  ) {
    checkSettings(settings);
    // The customer CA is added to the public roots, not swapped in: the token endpoint of a
    // cloud identity provider must still verify against them.
    this.dispatcher = new Agent({
      connect: settings.caCertPem ? { ca: [...rootCertificates, settings.caCertPem] } : {},
    });
    this.fetchImpl = options.fetch ?? (undiciFetch as unknown as typeof fetch);
    const auth = settings.auth;
    this.tokens =
      auth.type === 'oauth2'
        ? new OAuthTokenCache(
            auth,
            (url, init) => this.send(url, init, 'The token endpoint'),
            options.now ?? Date.now,
          )
        : undefined;
    this.scrub = secretScrubber(() => [
      ...(auth.type === 'basic'
        ? [auth.password, `${auth.oprid}:${auth.password}`]
        : [auth.clientSecret]),
      ...(this.tokens?.tokensIssued() ?? []),
    ]);
  }

  async fetchWindow(source: PeopleSoftSource, window: FetchWindow): Promise<FetchWindowResult> {
    if (this.closed) throw new Error('PeopleSoftClient is closed');
    const url =
      source.kind === 'query'
        ? buildQueryUrl(this.settings, source, window)
        : buildOperationUrl(this.settings, source, window);
    const context: IbErrorContext = {
      node: this.settings.node,
      serviceOperation:
        source.kind === 'query'
          ? QAS_SERVICE_OPERATION
          : (source.serviceOperation ?? `the service operation of ${source.alias}`),
      target: source.kind === 'query' ? `query ${source.queryName}` : `operation ${source.alias}`,
      authType: this.settings.auth.type,
    };
    try {
      const answer = await this.get(url);
      if (
        answer.status === 200 &&
        !isIbResponse(answer.body) &&
        !looksLikeHtml(answer.body, answer.contentType)
      ) {
        return parseQueryResponse(answer.body, {
          maxRows: source.maxRows,
          requiredColumns: source.requiredColumns,
          target: context.target,
        });
      }
      throw classifyIbError(answer, context);
    } catch (error) {
      if (error instanceof PeopleSoftError) throw error.mapTexts(this.scrub);
      throw error;
    }
  }

  /** True when a smaller window may succeed where this one failed. */
  isSplittable(error: unknown): boolean {
    return isSplittable(error);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dispatcher.close();
  }

  /** One GET; with OAuth2, a 401 drops the token and the request is retried once with a new one. */
  private async get(url: string): Promise<IbAnswer> {
    const first = await this.credentials();
    const answer = await this.send(url, this.init(first), 'PeopleSoft');
    if (answer.status !== 401 || first.token === undefined || !this.tokens) return answer;
    this.tokens.invalidate(first.token);
    return this.send(url, this.init(await this.credentials()), 'PeopleSoft');
  }

  private init(credentials: Credentials): RequestInit {
    return {
      method: 'GET',
      headers: { Authorization: credentials.header, Accept: 'application/json' },
    };
  }

  private async credentials(): Promise<Credentials> {
    const auth = this.settings.auth;
    if (auth.type === 'basic') {
      const pair = Buffer.from(`${auth.oprid}:${auth.password}`).toString('base64');
      return { header: `Basic ${pair}` };
    }
    const token = await (this.tokens as OAuthTokenCache).token();
    return { header: `Bearer ${token}`, token };
  }

  /** One exchange within timeoutMs, headers and body included. */
  private async send(url: string, init: RequestInit, what: string): Promise<IbAnswer> {
    const { timeoutMs } = this.settings;
    try {
      // `dispatcher` is undici's extension of RequestInit; its types differ from Node's copy.
      const withDispatcher = {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: this.dispatcher,
      };
      const response = await this.fetchImpl(url, withDispatcher as unknown as RequestInit);
      const body = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
      };
    } catch (error) {
      throw classifyTransportError(error, what, timeoutMs);
    }
  }
}

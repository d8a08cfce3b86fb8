import { quote } from './quote-text';
import { PeopleSoftError } from './peoplesoft-error';
import { OAuth2Settings } from './peoplesoft-settings';

/** Sends one HTTP request with the client's dispatcher and timeout; transport errors already classified. */
export type TokenTransport = (
  url: string,
  init: RequestInit,
) => Promise<{ status: number; body: string }>;

/** When the provider does not say how long a token lives, trust it for five minutes only. */
const DEFAULT_LIFETIME_SECONDS = 300;
const MAX_REFRESH_MARGIN_MS = 60_000;

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

function lifetimeSeconds(raw: unknown): number {
  const value = typeof raw === 'string' ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) ? value : DEFAULT_LIFETIME_SECONDS;
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before going into HTTP Basic. */
function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/**
 * Client-credentials tokens from the customer's identity provider. A token is reused until
 * shortly before it expires (a tenth of its life, at most a minute, early) and concurrent
 * callers share one token request.
 */
export class OAuthTokenCache {
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private readonly issued = new Set<string>();

  constructor(
    private readonly settings: OAuth2Settings,
    private readonly transport: TokenTransport,
    private readonly now: () => number,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.value;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops the token PeopleSoft refused, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  /** Every token handed out so far, so error texts can be scrubbed of them. */
  tokensIssued(): readonly string[] {
    return [...this.issued];
  }

  private async fetchToken(): Promise<string> {
    const { settings } = this;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (settings.scope) form.set('scope', settings.scope);
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    if (settings.clientAuth === 'body') {
      form.set('client_id', settings.clientId);
      form.set('client_secret', settings.clientSecret);
    } else {
      const pair = `${formEncode(settings.clientId)}:${formEncode(settings.clientSecret)}`;
      headers['Authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const requestedAt = this.now();
    const answer = await this.transport(settings.tokenUrl, {
      method: 'POST',
      headers,
      body: form.toString(),
    });
    const document = parseJson(answer.body);
    if (answer.status !== 200) throw refused(answer.status, document, settings);
    const token = document?.['access_token'];
    if (typeof token !== 'string' || token === '') {
      throw new PeopleSoftError(
        'bad-response',
        `The token endpoint answered HTTP 200 without an access_token`,
        'Check that tokenUrl is the token endpoint of the identity provider (it ends in /token ' +
          'on most providers) and not its authorisation or discovery address.',
      );
    }
    const lifetimeMs = lifetimeSeconds(document?.['expires_in']) * 1000;
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 10);
    this.issued.add(token);
    this.cached = { value: token, refreshAt: requestedAt + lifetimeMs - margin };
    return token;
  }
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function refused(
  status: number,
  document: Record<string, unknown> | undefined,
  settings: OAuth2Settings,
): PeopleSoftError {
  const code = typeof document?.['error'] === 'string' ? document['error'] : undefined;
  const description =
    typeof document?.['error_description'] === 'string' ? document['error_description'] : undefined;
  const said = quote([code, description].filter(Boolean).join(': ')) || 'no error details';
  if (status >= 500) {
    return new PeopleSoftError(
      'unreachable',
      `The identity provider's token endpoint failed with HTTP ${status} (${said})`,
      'The identity provider is having trouble; the next poll retries.',
      { status },
    );
  }
  const other = settings.clientAuth === 'body' ? 'basic' : 'body';
  return new PeopleSoftError(
    'auth',
    `The identity provider refused the client credentials with HTTP ${status} (${said})`,
    `Check the client id and secret of client ${settings.clientId}, that it may use the ` +
      `client-credentials grant${settings.scope ? ` and scope ${settings.scope}` : ''}, and ` +
      `whether the provider wants the credentials sent the other way (clientAuth: '${other}').`,
    { status },
  );
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface SimUser {
  readonly oprid: string;
  readonly password: string;
  readonly locked?: boolean;
  /** Service operations on the user's permission lists. */
  readonly permissions: readonly string[];
}

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The OPRID PeopleSoft maps the token's subject claim to; it need not exist (then 158,55). */
  readonly oprid: string;
}

export type Authentication =
  | { readonly ok: true; readonly oprid: string; readonly scheme: 'Basic' | 'Bearer' }
  | { readonly ok: false; readonly scheme: 'Basic' | 'Bearer' };

export interface IssuedToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope?: string;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Users with permission lists, plus the identity provider side of OAuth2 (issuing tokens) and
 * PeopleSoft's side (validating them and mapping them to an OPRID). Tokens expire on real time:
 * they belong to the identity provider, whose clock PeopleSoft's offset does not move.
 */
export class AuthRegistry {
  private readonly users = new Map<
    string,
    { password: string; locked: boolean; permissions: Set<string> }
  >();
  private readonly clients = new Map<string, OAuthClient>();
  private readonly tokens = new Map<string, { oprid: string; expiresAt: number }>();

  constructor(
    users: readonly SimUser[],
    clients: readonly OAuthClient[],
    private tokenTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    for (const user of users) {
      this.users.set(user.oprid, {
        password: user.password,
        locked: user.locked ?? false,
        permissions: new Set(user.permissions),
      });
    }
    for (const client of clients) this.clients.set(client.clientId, client);
  }

  authenticate(header: string | undefined): Authentication {
    if (header?.startsWith('Bearer ')) {
      const token = this.tokens.get(header.slice(7).trim());
      if (!token || token.expiresAt <= this.now()) return { ok: false, scheme: 'Bearer' };
      return { ok: true, oprid: token.oprid, scheme: 'Bearer' };
    }
    if (!header?.startsWith('Basic ')) return { ok: false, scheme: 'Basic' };
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, scheme: 'Basic' };
    const oprid = decoded.slice(0, colon);
    const user = this.users.get(oprid);
    if (!user || user.locked || !sameSecret(user.password, decoded.slice(colon + 1))) {
      return { ok: false, scheme: 'Basic' };
    }
    return { ok: true, oprid, scheme: 'Basic' };
  }

  userExists(oprid: string): boolean {
    return this.users.has(oprid);
  }

  mayInvoke(oprid: string, serviceOperation: string): boolean {
    return this.users.get(oprid)?.permissions.has(serviceOperation) ?? false;
  }

  grant(oprid: string, serviceOperation: string): void {
    this.users.get(oprid)?.permissions.add(serviceOperation);
  }

  revoke(oprid: string, serviceOperation: string): void {
    this.users.get(oprid)?.permissions.delete(serviceOperation);
  }

  setLocked(oprid: string, locked: boolean): void {
    const user = this.users.get(oprid);
    if (user) user.locked = locked;
  }

  setTokenTtlSeconds(seconds: number): void {
    this.tokenTtlSeconds = seconds;
  }

  issueToken(clientId: string, clientSecret: string, scope?: string): IssuedToken | undefined {
    const client = this.clients.get(clientId);
    if (!client || !sameSecret(client.clientSecret, clientSecret)) return undefined;
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, {
      oprid: client.oprid,
      expiresAt: this.now() + this.tokenTtlSeconds * 1000,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokenTtlSeconds,
      ...(scope ? { scope } : {}),
    };
  }

  /** Makes every issued token invalid at once, as a key rotation at the identity provider would. */
  expireAllTokens(): void {
    this.tokens.clear();
  }
}

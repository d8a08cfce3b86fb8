export const ALL_SCOPES: readonly string[] = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.schemas.companies.read',
  'crm.schemas.companies.write',
];

export interface TokenSpec {
  token: string;
  /** Defaults to every scope the simulator knows. */
  scopes?: readonly string[];
}

export type Authentication =
  { ok: true; token: string } | { ok: false; reason: 'missing' | 'invalid' };

interface TokenState {
  scopes: Set<string>;
  revoked: boolean;
}

/**
 * Accepted bearer tokens. Private-app tokens (`pat-na1-…`) and service keys are treated alike,
 * as HubSpot does: any configured string is a valid token until revoked.
 */
export class TokenRegistry {
  private readonly tokens = new Map<string, TokenState>();

  constructor(private readonly initial: readonly (string | TokenSpec)[]) {
    this.reset();
  }

  reset(): void {
    this.tokens.clear();
    for (const spec of this.initial) this.add(spec);
  }

  add(spec: string | TokenSpec): void {
    const { token, scopes } = typeof spec === 'string' ? { token: spec, scopes: undefined } : spec;
    this.tokens.set(token, { scopes: new Set(scopes ?? ALL_SCOPES), revoked: false });
  }

  revoke(token: string): boolean {
    const state = this.tokens.get(token);
    if (state) state.revoked = true;
    return state !== undefined;
  }

  removeScopes(token: string, scopes: readonly string[]): boolean {
    const state = this.tokens.get(token);
    for (const scope of scopes) state?.scopes.delete(scope);
    return state !== undefined;
  }

  get size(): number {
    return this.tokens.size;
  }

  authenticate(authorization: string | undefined): Authentication {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const state = this.tokens.get(match[1]);
    if (!state || state.revoked) return { ok: false, reason: 'invalid' };
    return { ok: true, token: match[1] };
  }

  /** `required` lists alternatives: any one of them grants access, as in HubSpot's 403 body. */
  hasAnyScope(token: string, required: readonly string[]): boolean {
    const state = this.tokens.get(token);
    if (!state) return false;
    return required.length === 0 || required.some((scope) => state.scopes.has(scope));
  }
}

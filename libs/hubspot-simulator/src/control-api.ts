import { errorResponse } from './error-bodies';
import type { FaultSettings } from './faults';
import { parseJson } from './http-io';
import type { SimLimits } from './simulator-limits';
import type { SimResponse } from './sim-response';
import type { SimState } from './simulator-state';
import type { TokenSpec } from './token-registry';
import { handleReadbackControl, type ReadbackControls } from './control-readback';

/** What the control endpoints drive; the simulator implements it (declared here, not imported, to keep imports acyclic). */
export interface SimulatorControls extends ReadbackControls {
  state(includeObjects?: boolean): SimState;
  readonly faults: FaultSettings;
  readonly limits: SimLimits;
  reset(options?: { keepProperties?: boolean }): void;
  setFaults(update: Partial<FaultSettings>): FaultSettings;
  setLimits(update: Partial<SimLimits>): SimLimits;
  addToken(spec: string | TokenSpec): void;
  revokeToken(token: string): boolean;
  removeScopes(token: string, scopes: readonly string[]): boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const badRequest = (message: string): SimResponse => ({
  status: 400,
  body: { status: 'error', message },
});

/**
 * The unauthenticated `/__sim/*` control endpoints, for demos and tools running in another
 * process: state, reset, faults, rate limits and tokens.
 */
export function handleControl(
  simulator: SimulatorControls,
  method: string,
  url: URL,
  raw: Buffer | undefined,
): SimResponse | Promise<SimResponse> {
  const path = url.pathname;
  if (method === 'GET' && path === '/__sim/state') {
    return { status: 200, body: simulator.state(url.searchParams.get('objects') !== 'false') };
  }
  if (method === 'GET' && path === '/__sim/faults') return { status: 200, body: simulator.faults };
  if (method === 'GET' && path === '/__sim/limits') return { status: 200, body: simulator.limits };
  if (method !== 'POST') return { status: 404 };
  const body = raw && raw.length > 0 ? parseJson(raw) : { ok: true as const, value: {} };
  if (!body.ok) return badRequest(body.message);
  const payload = body.value;
  if (!isRecord(payload)) return badRequest('expected a JSON object');
  switch (path) {
    case '/__sim/reset':
      simulator.reset({ keepProperties: payload.keepProperties === true });
      return { status: 200, body: { status: 'reset' } };
    case '/__sim/faults':
      try {
        return { status: 200, body: simulator.setFaults(payload as Partial<FaultSettings>) };
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    case '/__sim/limits':
      try {
        return { status: 200, body: simulator.setLimits(payload as Partial<SimLimits>) };
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    case '/__sim/tokens/revoke':
      if (typeof payload.token !== 'string') return badRequest('token is required');
      return known(simulator.revokeToken(payload.token));
    case '/__sim/tokens/remove-scopes':
      if (typeof payload.token !== 'string' || !isStringArray(payload.scopes)) {
        return badRequest('token and scopes are required');
      }
      return known(simulator.removeScopes(payload.token, payload.scopes));
    case '/__sim/tokens/add':
      if (typeof payload.token !== 'string') return badRequest('token is required');
      simulator.addToken({
        token: payload.token,
        scopes: isStringArray(payload.scopes) ? payload.scopes : undefined,
      });
      return { status: 200, body: { status: 'added' } };
    default:
      return (
        handleReadbackControl(simulator, path, payload) ??
        errorResponse(404, 'OBJECT_NOT_FOUND', `No control endpoint ${path}`, '')
      );
  }
}

function known(found: boolean): SimResponse {
  return found
    ? { status: 200, body: { status: 'ok' } }
    : { status: 404, body: { status: 'error', message: 'unknown token' } };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

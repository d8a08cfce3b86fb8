import { AuthRegistry } from './auth-registry';
import { FaultPlan, FaultSettings } from './fault-plan';
import { json, notFound, SimResponse } from './ib-responses';
import { IntegrationBroker } from './integration-broker';
import {
  CustomerChangeInput,
  EmployeeChangeInput,
  HireInput,
  TerminationInput,
  VendorChangeInput,
} from './mutation-inputs';
import { PeopleSoftDataset } from './peoplesoft-dataset';
import { formatPsTimestamp } from './ps-time';
import { RequestCounters } from './request-counters';
import { SimInputError } from './sim-input-error';

const DEFAULT_STATE_LIMIT = 10_000;

export interface SimControlDeps {
  readonly dataset: PeopleSoftDataset;
  readonly faults: FaultPlan;
  readonly auth: AuthRegistry;
  readonly broker: IntegrationBroker;
  readonly counters: RequestCounters;
}

function objectBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SimInputError('body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SimInputError('body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SimInputError(`malformed percent-encoding in path segment ${segment}`);
  }
}

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new SimInputError(`${name} must be a non-negative integer`);
  return Number(raw);
}

function numberField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new SimInputError(`${name} must be a number`);
  return value;
}

/**
 * The `/__sim/*` routes: the truth, the fault knobs and the mutations. They are for tests and
 * the demo, so they need no PeopleSoft credentials; bodies are typed by the mutation inputs and
 * unknown fields are ignored.
 */
export function handleSimControl(
  deps: SimControlDeps,
  method: string,
  url: URL,
  rawBody: string,
): SimResponse {
  try {
    return route(deps, method, url, rawBody);
  } catch (error) {
    if (error instanceof SimInputError) return json(error.status, { error: error.message });
    throw error;
  }
}

function route(deps: SimControlDeps, method: string, url: URL, rawBody: string): SimResponse {
  const { dataset } = deps;
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeSegment);
  const path = parts.join('/');
  if (method === 'GET' && path === 'state') return json(200, state(deps, url.searchParams));
  if (method !== 'POST') return notFound();
  const body = objectBody(rawBody);
  if (path === 'faults') return json(200, deps.faults.apply(body as FaultSettings));
  if (path === 'clock') return json(200, clock(deps, body));
  if (path === 'tokens/expire') {
    deps.auth.expireAllTokens();
    return json(200, { expired: true });
  }
  if (path === 'security') return json(200, security(deps, body));
  if (path === 'employees') return json(201, dataset.hire(body as HireInput));
  if (path === 'employees/mass-update') {
    return json(200, dataset.massUpdate(numberField(body, 'count') ?? 100));
  }
  const [entity, first, second, third] = parts;
  if (entity === 'employees' && first && second === 'change' && !third) {
    return json(200, dataset.changeEmployee(first, body as EmployeeChangeInput));
  }
  if (entity === 'employees' && first && second === 'terminate' && !third) {
    return json(200, dataset.terminate(first, body as TerminationInput));
  }
  if (entity === 'vendors' && first && second && !third) {
    return json(200, dataset.changeVendor(first, second, body as VendorChangeInput));
  }
  if (entity === 'customers' && first && second && !third) {
    return json(200, dataset.changeCustomer(first, second, body as CustomerChangeInput));
  }
  return notFound();
}

function state(deps: SimControlDeps, params: URLSearchParams): Record<string, unknown> {
  const { dataset } = deps;
  const entity = params.get('entity');
  const emplid = params.get('emplid');
  const offset = intParam(params, 'offset', 0);
  const limit = intParam(params, 'limit', DEFAULT_STATE_LIMIT);
  const want = (name: string): boolean => entity === null || entity === name;
  return {
    now: formatPsTimestamp(dataset.clock.nowMs()),
    clockOffsetSeconds: dataset.clock.offsetSeconds(),
    totals: {
      people: dataset.employees.personCount,
      jobRows: dataset.employees.rowCount,
      vendors: dataset.vendors.size,
      customers: dataset.customers.size,
    },
    counters: deps.counters.snapshot(),
    faults: deps.faults.status(),
    ...(want('employees')
      ? {
          employees: emplid
            ? dataset.employeeSnapshot(emplid)
            : dataset.employeeSnapshots(offset, limit),
        }
      : {}),
    ...(want('vendors')
      ? { vendors: dataset.vendorSnapshots().slice(offset, offset + limit) }
      : {}),
    ...(want('customers')
      ? { customers: dataset.customerSnapshots().slice(offset, offset + limit) }
      : {}),
  };
}

function clock(deps: SimControlDeps, body: Record<string, unknown>): Record<string, unknown> {
  const offset = numberField(body, 'offsetSeconds');
  const advance = numberField(body, 'advanceSeconds');
  if (offset !== undefined) deps.dataset.clock.setOffsetSeconds(offset);
  if (advance !== undefined) deps.dataset.clock.advanceSeconds(advance);
  return {
    now: formatPsTimestamp(deps.dataset.clock.nowMs()),
    offsetSeconds: deps.dataset.clock.offsetSeconds(),
  };
}

function security(deps: SimControlDeps, body: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string): string | undefined =>
    typeof body[name] === 'string' ? (body[name] as string) : undefined;
  const operation = text('operation');
  const oprid = text('oprid');
  if (operation !== undefined && typeof body['active'] === 'boolean') {
    deps.broker.setOperationActive(operation, body['active']);
  }
  if (oprid !== undefined && operation !== undefined && body['granted'] === true)
    deps.auth.grant(oprid, operation);
  if (oprid !== undefined && operation !== undefined && body['granted'] === false)
    deps.auth.revoke(oprid, operation);
  if (oprid !== undefined && typeof body['locked'] === 'boolean')
    deps.auth.setLocked(oprid, body['locked']);
  const ttl = numberField(body, 'tokenTtlSeconds');
  if (ttl !== undefined) deps.auth.setTokenTtlSeconds(ttl);
  return { ok: true };
}

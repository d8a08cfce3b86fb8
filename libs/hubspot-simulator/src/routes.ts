import { SIM_OBJECT_TYPES, type SimObjectType } from './property-model';

export type Route =
  | {
      kind: 'batch-upsert' | 'batch-read' | 'batch-archive' | 'merge' | 'list-objects';
      objectType: string;
    }
  | { kind: 'archive-object'; objectType: string; id: string }
  | {
      kind: 'list-properties' | 'create-property' | 'list-groups' | 'create-group';
      objectType: string;
    }
  | { kind: 'get-property'; objectType: string; name: string }
  | { kind: 'account-details' }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' };

const OBJECTS =
  /^\/crm\/(?:v3\/objects|objects\/(\d{4}-\d{2}))\/([^/]+)(?:\/batch\/(upsert|read|archive)|\/(merge)|\/(\d+))?$/;
const PROPERTIES = /^\/crm\/(?:v3\/properties|properties\/(\d{4}-\d{2}))\/([^/]+)(?:\/([^/]+))?$/;
const ACCOUNT = /^\/account-info\/(v3|\d{4}-\d{2})\/details$/;

/**
 * Maps a request to an API operation. A dated path with a version the portal does not serve is
 * a 404, as on HubSpot.
 */
export function resolveRoute(method: string, pathname: string, versions: readonly string[]): Route {
  const servedVersion = (version: string | undefined) =>
    version === undefined || versions.includes(version);
  const objects = OBJECTS.exec(pathname);
  if (objects) {
    const [, version, objectType, batch, merge, id] = objects;
    if (!servedVersion(version)) return { kind: 'not-found' };
    if (id !== undefined) {
      // Reading one object by id is not simulated; deleting (archiving) it is.
      return method === 'DELETE'
        ? { kind: 'archive-object', objectType, id }
        : { kind: 'method-not-allowed' };
    }
    if (merge !== undefined) {
      return method === 'POST' ? { kind: 'merge', objectType } : { kind: 'method-not-allowed' };
    }
    if (batch === undefined) {
      return method === 'GET'
        ? { kind: 'list-objects', objectType }
        : { kind: 'method-not-allowed' };
    }
    if (method !== 'POST') return { kind: 'method-not-allowed' };
    const kinds = { upsert: 'batch-upsert', read: 'batch-read', archive: 'batch-archive' } as const;
    return { kind: kinds[batch as keyof typeof kinds], objectType };
  }
  const properties = PROPERTIES.exec(pathname);
  if (properties) {
    const [, version, objectType, tail] = properties;
    if (!servedVersion(version)) return { kind: 'not-found' };
    if (tail === undefined) {
      if (method === 'GET') return { kind: 'list-properties', objectType };
      if (method === 'POST') return { kind: 'create-property', objectType };
      return { kind: 'method-not-allowed' };
    }
    if (tail === 'groups') {
      if (method === 'GET') return { kind: 'list-groups', objectType };
      if (method === 'POST') return { kind: 'create-group', objectType };
      return { kind: 'method-not-allowed' };
    }
    return method === 'GET'
      ? { kind: 'get-property', objectType, name: decodeURIComponent(tail) }
      : { kind: 'method-not-allowed' };
  }
  const account = ACCOUNT.exec(pathname);
  if (account) {
    if (account[1] !== 'v3' && !servedVersion(account[1])) return { kind: 'not-found' };
    return method === 'GET' ? { kind: 'account-details' } : { kind: 'method-not-allowed' };
  }
  return { kind: 'not-found' };
}

export function asObjectType(value: string): SimObjectType | undefined {
  return SIM_OBJECT_TYPES.find((type) => type === value);
}

/** The scopes of which at least one is needed; empty means any valid token will do. */
export function requiredScopes(route: Route, objectType: SimObjectType | undefined): string[] {
  if (!objectType) return [];
  switch (route.kind) {
    case 'batch-upsert':
    case 'batch-archive':
    case 'archive-object':
    case 'merge':
      return [`crm.objects.${objectType}.write`];
    case 'list-objects':
    case 'batch-read':
      return [`crm.objects.${objectType}.read`];
    case 'list-properties':
    case 'get-property':
    case 'list-groups':
      return [`crm.schemas.${objectType}.read`, `crm.schemas.${objectType}.write`];
    case 'create-property':
    case 'create-group':
      return [`crm.schemas.${objectType}.write`];
    default:
      return [];
  }
}

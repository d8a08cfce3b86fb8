import { AuthRegistry } from './auth-registry';
import {
  notAuthorized,
  routingNotFound,
  SimResponse,
  unauthorized,
  unknownNode,
  userNotDefined,
} from './ib-responses';
import { QueryService } from './query-service';
import { RequestCounters } from './request-counters';

export const LISTENING_CONNECTOR = '/PSIGW/RESTListeningConnector/';
export const QAS_ALIAS = 'ExecuteQuery.v1';
export const QAS_SERVICE_OPERATION = 'QAS_EXECUTEQRY_REST_GET';

/** A custom provider REST operation: `{alias}` in the URL, `{serviceOperation}` in security. */
export interface CustomOperation {
  readonly alias: string;
  readonly serviceOperation: string;
}

export interface BrokerRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
}

/**
 * The REST listening connector (after any injected fault): node check, authentication, routing (is the operation active
 * and deployed?), user and permission-list checks, then the handler. Each failure answers the
 * way Integration Broker does, including HTTP 200 for application errors.
 */
export class IntegrationBroker {
  private readonly inactive = new Set<string>();

  constructor(
    private readonly node: string,
    private readonly auth: AuthRegistry,
    private readonly queries: QueryService,
    private readonly customOperation: CustomOperation,
    private readonly counters: RequestCounters,
  ) {}

  setOperationActive(serviceOperation: string, active: boolean): void {
    if (active) this.inactive.delete(serviceOperation);
    else this.inactive.add(serviceOperation);
  }

  handle(request: BrokerRequest): SimResponse {
    this.counters.integrationBroker++;
    const segments = decodeSegments(request.url.pathname.slice(LISTENING_CONNECTOR.length));
    const [node, alias, ...rest] = segments ?? [];
    if (!node || !alias) return routingNotFound();
    if (node !== this.node) return unknownNode(node);

    const identity = this.auth.authenticate(request.authorization);
    if (!identity.ok) {
      this.counters.unauthorized++;
      return unauthorized(identity.scheme);
    }
    const serviceOperation = this.serviceOperationOf(alias);
    if (!serviceOperation || request.method !== 'GET' || this.inactive.has(serviceOperation)) {
      return routingNotFound();
    }
    this.counters.countOperation(serviceOperation);
    if (!this.auth.userExists(identity.oprid)) return userNotDefined();
    if (!this.auth.mayInvoke(identity.oprid, serviceOperation))
      return notAuthorized(identity.oprid, serviceOperation);

    if (serviceOperation === QAS_SERVICE_OPERATION)
      return this.executeQuery(rest, request.url.searchParams);
    const [literal, from, to, ...extra] = rest;
    if (literal !== 'changes' || !from || !to || extra.length > 0) return routingNotFound();
    return this.queries.changes(from, to, request.url.searchParams);
  }

  private serviceOperationOf(alias: string): string | undefined {
    if (alias === QAS_ALIAS) return QAS_SERVICE_OPERATION;
    if (alias === this.customOperation.alias) return this.customOperation.serviceOperation;
    return undefined;
  }

  /** URI template {public|private}/{QUERY}/{output type}/{FILE|NONFILE}. */
  private executeQuery(rest: string[], params: URLSearchParams): SimResponse {
    const [owner, queryName, outputType, fileMode, ...extra] = rest;
    // Real gateways take PUBLIC and public alike; public clients use both spellings.
    const visibility = owner?.toLowerCase();
    if (
      (visibility !== 'public' && visibility !== 'private') ||
      !queryName ||
      !outputType ||
      !fileMode
    ) {
      return routingNotFound();
    }
    if (extra.length > 0) return routingNotFound();
    this.counters.countQuery(queryName);
    return this.queries.execute({ visibility, queryName, outputType, fileMode, params });
  }
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

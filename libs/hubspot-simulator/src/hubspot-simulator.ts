import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountDetailsJson } from './account-details';
import { batchUpsert } from './batch-upsert';
import { handleControl } from './control-api';
import {
  errorResponse,
  htmlErrorPage,
  invalidCredentials,
  missingCredentials,
  missingScopes,
  rateLimited,
  validationError,
} from './error-bodies';
import { findDuplicates } from './duplicate-report';
import { DEFAULT_FAULTS, drawFault, mergeFaults, type FaultSettings } from './faults';
import { parseJson, readBody, send } from './http-io';
import { batchRead, listObjects, type ReadContext } from './object-reads';
import { batchArchive, mergeObjects, type WriteContext } from './object-writes';
import {
  WebhookSender,
  type DeliveryKnobs,
  type DeliveryReport,
  type WebhookTarget,
} from './webhook-sender';
import { normaliseUnique, ObjectStore, type SimObject } from './object-store';
import {
  propertyToJson,
  SIM_OBJECT_TYPES,
  type SimObjectType,
  type SimProperty,
} from './property-model';
import { PropertyRegistry } from './property-registry';
import { RateLimiter } from './rate-limiter';
import { RequestCounters, type SimCounters } from './request-counters';
import { asObjectType, requiredScopes, resolveRoute, type Route } from './routes';
import { seededRandom } from './seeded-random';
import type { SimResponse } from './sim-response';
import {
  DEFAULT_SIM_TOKEN,
  SIMULATOR_DEFAULTS,
  type HubSpotSimulatorOptions,
} from './simulator-options';
import { mergeLimits, type SimLimits } from './simulator-limits';
import type { DuplicateGroup, SimState } from './simulator-state';
import { LAST_MODIFIED_PROPERTY } from './standard-properties';
import { TokenRegistry, type TokenSpec } from './token-registry';

/**
 * An in-memory HubSpot portal speaking the CRM batch-upsert, properties and account-info APIs
 * with HubSpot's rules, limits and quirks, plus fault injection and counters for tests.
 */
export class HubSpotSimulator {
  readonly portalId: number;
  private readonly options: HubSpotSimulatorOptions;
  private readonly now: () => number;
  private readonly registry: PropertyRegistry;
  private readonly stores: Record<SimObjectType, ObjectStore>;
  private readonly tokens: TokenRegistry;
  private readonly limiter: RateLimiter;
  private readonly counters = new RequestCounters();
  private readonly hangs = new Set<NodeJS.Timeout>();
  readonly webhooks: WebhookSender;
  private random: () => number;
  private faultSettings: FaultSettings;
  private retryAfterOnRateLimit: boolean;
  private nextObjectId = 0;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: HubSpotSimulatorOptions = {}) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.portalId = options.portalId ?? SIMULATOR_DEFAULTS.portalId;
    this.random = seededRandom(options.seed ?? SIMULATOR_DEFAULTS.seed);
    this.faultSettings = this.initialFaults();
    this.retryAfterOnRateLimit = options.retryAfterOnRateLimit ?? false;
    this.registry = new PropertyRegistry(this.now);
    const nextId = () => String(this.portalId * 1000 + 1 + this.nextObjectId++);
    this.stores = {
      contacts: new ObjectStore(() => this.registry.uniqueProperties('contacts'), nextId),
      companies: new ObjectStore(() => this.registry.uniqueProperties('companies'), nextId),
    };
    for (const store of Object.values(this.stores)) {
      store.archivedUpsertMode = options.archivedUpsertMode ?? 'restore';
    }
    this.webhooks = new WebhookSender(this.portalId, this.now);
    this.tokens = new TokenRegistry(options.tokens ?? [DEFAULT_SIM_TOKEN]);
    this.limiter = new RateLimiter({
      ...this.initialLimits(),
      timeZone: this.timeZone,
      now: this.now,
    });
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('the simulator is not started');
    return this.baseUrl;
  }

  get timeZone(): string {
    return this.options.timeZone ?? SIMULATOR_DEFAULTS.timeZone;
  }

  async start(port = 0): Promise<string> {
    if (this.server) throw new Error('the simulator is already started');
    const host = this.options.host ?? SIMULATOR_DEFAULTS.host;
    const server = createServer({ keepAlive: true }, (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        send(response, errorResponse(500, 'INTERNAL_ERROR', message, randomUUID()));
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port: bound } = server.address() as AddressInfo;
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.baseUrl = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${bound}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const timer of this.hangs) clearTimeout(timer);
    this.hangs.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  // In-process accessors for tests, the demo and benchmarks.

  objects(objectType: SimObjectType): SimObject[] {
    return this.stores[objectType].all();
  }

  findObject(objectType: SimObjectType, property: string, value: string): SimObject | undefined {
    const store = this.stores[objectType];
    return (
      store.findByUnique(property, value) ??
      store.all().find((o) => o.properties[property] === normaliseUnique(property, value))
    );
  }

  properties(objectType: SimObjectType): SimProperty[] {
    return this.registry.list(objectType);
  }

  counterSnapshot(): SimCounters {
    return this.counters.snapshot();
  }

  dailyUsed(): number {
    return this.limiter.dailyUsed();
  }

  duplicates(): DuplicateGroup[] {
    return SIM_OBJECT_TYPES.flatMap((objectType) => {
      const identities =
        this.options.identityProperties?.[objectType] ??
        this.registry
          .list(objectType)
          .filter((p) => p.hasUniqueValue)
          .map((p) => p.name);
      return findDuplicates(objectType, identities, this.stores[objectType].all());
    });
  }

  state(includeObjects = true): SimState {
    const duplicates = this.duplicates();
    return {
      portalId: this.portalId,
      counters: this.counters.snapshot(),
      dailyUsed: this.limiter.dailyUsed(),
      limits: this.limits,
      faults: this.faults,
      objectCounts: { contacts: this.stores.contacts.size, companies: this.stores.companies.size },
      archivedCounts: {
        contacts: this.stores.contacts.archived().length,
        companies: this.stores.companies.archived().length,
      },
      pendingWebhookEvents: this.webhooks.pendingCount,
      uniqueProperties: {
        contacts: this.registry.uniqueProperties('contacts'),
        companies: this.registry.uniqueProperties('companies'),
      },
      duplicates,
      duplicateCount: duplicates.reduce((sum, group) => sum + group.objectIds.length - 1, 0),
      ...(includeObjects
        ? { objects: { contacts: this.objects('contacts'), companies: this.objects('companies') } }
        : {}),
    };
  }

  get faults(): FaultSettings {
    return { ...this.faultSettings };
  }

  /** Merges a partial update; throws RangeError on an invalid one. */
  setFaults(update: Partial<FaultSettings>): FaultSettings {
    this.faultSettings = mergeFaults(this.faultSettings, update);
    return this.faults;
  }

  get limits(): SimLimits {
    return { ...this.limiter.limits, retryAfterOnRateLimit: this.retryAfterOnRateLimit };
  }

  /** Changes the rate budgets at run time; usage so far still counts. Throws RangeError. */
  setLimits(update: Partial<SimLimits>): SimLimits {
    const next = mergeLimits(this.limits, update);
    this.limiter.setLimits(next);
    this.retryAfterOnRateLimit = next.retryAfterOnRateLimit;
    return this.limits;
  }

  archivedObjects(objectType: SimObjectType): SimObject[] {
    return this.stores[objectType].archived();
  }

  // What a sales rep does in HubSpot's UI: no API budget spent, webhook events queued.

  /** Deletes (archives) an object; false when no live object has this id. */
  userArchive(objectType: SimObjectType, id: string): boolean {
    const done = this.stores[objectType].archive(id, this.nowIso());
    if (done) this.webhooks.record(objectType, 'deletion', id);
    return done;
  }

  /** Merges `mergedId` into `primaryId`; returns the survivor. */
  userMerge(
    objectType: SimObjectType,
    primaryId: string,
    mergedId: string,
    newRecord = this.options.mergeCreatesNewRecord ?? false,
  ): SimObject | undefined {
    const survivor = this.stores[objectType].merge(
      primaryId,
      mergedId,
      this.nowIso(),
      newRecord,
      this.derivedOf(objectType),
    );
    if (survivor) this.recordMerge(objectType, survivor, primaryId, mergedId, 'CRM_UI');
    return survivor;
  }

  /** Sets properties as a rep would (no validation); one propertyChange event per property. */
  userEdit(
    objectType: SimObjectType,
    id: string,
    properties: Record<string, string>,
  ): SimObject | undefined {
    const edited = this.stores[objectType].edit(id, properties, this.nowIso());
    if (edited) {
      for (const [propertyName, propertyValue] of Object.entries(properties)) {
        this.webhooks.record(objectType, 'propertyChange', edited.id, {
          propertyName,
          propertyValue,
        });
      }
    }
    return edited;
  }

  setArchivedUpsertMode(mode: 'restore' | 'recreate'): void {
    for (const store of Object.values(this.stores)) store.archivedUpsertMode = mode;
  }

  registerWebhook(target: WebhookTarget | undefined): void {
    this.webhooks.register(target);
  }

  flushWebhooks(knobs: DeliveryKnobs = {}): Promise<DeliveryReport> {
    return this.webhooks.flush(knobs);
  }

  addToken(spec: string | TokenSpec): void {
    this.tokens.add(spec);
  }

  revokeToken(token: string): boolean {
    return this.tokens.revoke(token);
  }

  removeScopes(token: string, scopes: readonly string[]): boolean {
    return this.tokens.removeScopes(token, scopes);
  }

  /**
   * Back to the start: objects, counters, rate usage and limits, faults, tokens and (unless
   * kept) properties.
   */
  reset(options: { keepProperties?: boolean } = {}): void {
    for (const store of Object.values(this.stores)) store.clear();
    this.webhooks.reset();
    if (!options.keepProperties) this.registry.reset();
    this.counters.reset();
    this.limiter.reset();
    this.limiter.setLimits(this.initialLimits());
    this.retryAfterOnRateLimit = this.options.retryAfterOnRateLimit ?? false;
    this.tokens.reset();
    this.faultSettings = this.initialFaults();
    this.random = seededRandom(this.options.seed ?? SIMULATOR_DEFAULTS.seed);
    this.nextObjectId = 0;
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  private derivedOf(objectType: SimObjectType): (o: SimObject) => Record<string, string> {
    return (o) => ({
      hs_object_id: o.id,
      createdate: o.createdAt,
      [LAST_MODIFIED_PROPERTY[objectType]]: o.updatedAt,
    });
  }

  private recordMerge(
    objectType: SimObjectType,
    survivor: SimObject,
    primaryId: string,
    mergedId: string,
    changeSource: string,
  ): void {
    this.webhooks.record(objectType, 'merge', survivor.id, {
      changeSource,
      primaryObjectId: Number(primaryId),
      mergedObjectIds: [Number(mergedId)],
      newObjectId: Number(survivor.id),
    });
  }

  private initialLimits(): { requestsPer10s: number; dailyLimit: number } {
    return {
      requestsPer10s: this.options.requestsPer10s ?? SIMULATOR_DEFAULTS.requestsPer10s,
      dailyLimit: this.options.dailyLimit ?? SIMULATOR_DEFAULTS.dailyLimit,
    };
  }

  private initialFaults(): FaultSettings {
    const configured = mergeFaults(DEFAULT_FAULTS, this.options.faults ?? {});
    return this.options.partialFailureMode
      ? { ...configured, partialFailureMode: this.options.partialFailureMode }
      : configured;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const correlationId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    if (url.pathname.startsWith('/__sim/')) {
      send(response, await handleControl(this, method, url, raw));
      return;
    }
    this.counters.arrived(this.now());
    const reply = (answer: SimResponse, headers: Record<string, string> = {}) => {
      this.counters.answered(answer.status);
      send(response, answer, { 'X-HubSpot-Correlation-Id': correlationId, ...headers });
    };

    const auth = this.tokens.authenticate(request.headers.authorization);
    if (!auth.ok) {
      reply(
        auth.reason === 'missing'
          ? missingCredentials(correlationId)
          : invalidCredentials(correlationId),
      );
      return;
    }
    const decision = this.limiter.admit(auth.token);
    const rateHeaders: Record<string, string> = { ...decision.headers };
    if (!decision.admitted) {
      const retryAfter = this.retryAfterOnRateLimit
        ? Math.ceil(decision.retryAfterMs / 1000)
        : undefined;
      reply(rateLimited(decision.policy, correlationId, retryAfter), rateHeaders);
      return;
    }
    if (raw === undefined) {
      reply(
        errorResponse(413, 'VALIDATION_ERROR', 'Request entity too large', correlationId),
        rateHeaders,
      );
      return;
    }
    const route = resolveRoute(
      method,
      url.pathname,
      this.options.apiVersions ?? SIMULATOR_DEFAULTS.apiVersions,
    );
    this.counters.operation(route.kind);
    const objectType = 'objectType' in route ? asObjectType(route.objectType) : undefined;
    const scopes = requiredScopes(route, objectType);
    if (!this.tokens.hasAnyScope(auth.token, scopes)) {
      reply(missingScopes(scopes, correlationId), rateHeaders);
      return;
    }

    const { latencyMs } = this.faultSettings;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault = drawFault(this.faultSettings, this.random, correlationId);
    if (fault.kind === 'hang') {
      // Counted now: the client usually gives up before the late 504 is written.
      this.counters.hung();
      const timer = setTimeout(() => {
        this.hangs.delete(timer);
        send(response, htmlErrorPage(504), rateHeaders);
      }, this.faultSettings.hangMs);
      this.hangs.add(timer);
      return;
    }
    if (fault.kind === 'answer') {
      reply(fault.response, rateHeaders);
      return;
    }
    reply(this.route(route, objectType, url, method, request, raw, correlationId), rateHeaders);
  }

  private route(
    route: Route,
    objectType: SimObjectType | undefined,
    url: URL,
    method: string,
    request: IncomingMessage,
    raw: Buffer,
    correlationId: string,
  ): SimResponse {
    if (route.kind === 'not-found') return { status: 404 };
    if (route.kind === 'method-not-allowed') return { status: 405 };
    if (route.kind === 'account-details') {
      const account = {
        portalId: this.portalId,
        timeZone: this.timeZone,
        uiDomain: this.options.uiDomain ?? SIMULATOR_DEFAULTS.uiDomain,
        dataHostingLocation:
          this.options.dataHostingLocation ?? SIMULATOR_DEFAULTS.dataHostingLocation,
      };
      return { status: 200, body: accountDetailsJson(account, this.now()) };
    }
    if (!objectType) {
      return validationError(
        `Unable to infer object type from: ${route.objectType}`,
        correlationId,
      );
    }
    let body: unknown;
    if (method === 'POST') {
      if (!(request.headers['content-type'] ?? '').toLowerCase().includes('application/json')) {
        return errorResponse(
          415,
          'VALIDATION_ERROR',
          'Unsupported Media Type: send application/json',
          correlationId,
        );
      }
      const parsed = parseJson(raw);
      if (!parsed.ok) return validationError(parsed.message, correlationId);
      body = parsed.value;
    }
    const reads: ReadContext = {
      objectType,
      registry: this.registry,
      store: this.stores[objectType],
      random: this.random,
      correlationId,
    };
    const writes: WriteContext = {
      store: this.stores[objectType],
      nowIso: this.nowIso(),
      correlationId,
      derived: this.derivedOf(objectType),
      mergeCreatesNewRecord: this.options.mergeCreatesNewRecord ?? false,
    };
    switch (route.kind) {
      case 'batch-archive': {
        const { response, archived } = batchArchive(writes, body);
        // Deletions made through the API are reported too, as coming from an integration.
        for (const id of archived) {
          this.webhooks.record(objectType, 'deletion', id, { changeSource: 'INTEGRATION' });
        }
        return response;
      }
      case 'archive-object': {
        if (this.stores[objectType].archive(route.id, writes.nowIso)) {
          this.webhooks.record(objectType, 'deletion', route.id, { changeSource: 'INTEGRATION' });
        }
        return { status: 204 };
      }
      case 'merge': {
        const merged = mergeObjects(writes, body);
        if (merged.survivor && merged.mergedIds) {
          const [primaryId, mergedId] = merged.mergedIds;
          this.recordMerge(objectType, merged.survivor, primaryId, mergedId, 'INTEGRATION');
        }
        return merged.response;
      }
      case 'list-objects':
        return listObjects(reads, url.searchParams);
      case 'batch-read':
        return batchRead(reads, body);
      case 'batch-upsert': {
        const report = batchUpsert(
          {
            objectType,
            registry: this.registry,
            store: this.stores[objectType],
            partialFailureMode: this.faultSettings.partialFailureMode,
            random: this.random,
            nowIso: new Date(this.now()).toISOString(),
            portalId: this.portalId,
            correlationId,
          },
          body,
        );
        this.counters.wrote(report.created, report.updated);
        return report.response;
      }
      case 'list-properties':
        return {
          status: 200,
          body: { results: this.registry.list(objectType).map(propertyToJson) },
        };
      case 'get-property': {
        const property = this.registry.get(objectType, route.name);
        return property
          ? { status: 200, body: propertyToJson(property) }
          : errorResponse(
              404,
              'OBJECT_NOT_FOUND',
              `Property ${route.name} does not exist`,
              correlationId,
            );
      }
      case 'create-property': {
        const created = this.registry.createProperty(objectType, body);
        return created.ok
          ? { status: 201, body: propertyToJson(created.value) }
          : errorResponse(created.status, created.category, created.message, correlationId);
      }
      case 'list-groups':
        return { status: 200, body: { results: this.registry.listGroups(objectType) } };
      case 'create-group': {
        const created = this.registry.createGroup(objectType, body);
        return created.ok
          ? { status: 201, body: created.value }
          : errorResponse(created.status, created.category, created.message, correlationId);
      }
    }
  }
}

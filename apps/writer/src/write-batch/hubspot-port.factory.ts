import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import type { ConnectionWithSecrets } from '@ml/connections';
import {
  HubSpotClient,
  HubSpotError,
  InvalidBatchError,
  type HubSpotErrorKind,
  type PropertyDefinition,
  type RateLimitInfo,
  type RequestAudit,
  type UpsertInputOutcome,
} from '@ml/hubspot';
import {
  COMPANY_PROPERTY_DEFINITIONS,
  CONTACT_PROPERTY_DEFINITIONS,
  PROPERTY_GROUP,
  type PropertyDefinition as MappingPropertyDefinition,
} from '@ml/mapping';
import type { HubSpotObjectType } from '@ml/messaging';
import {
  BudgetPausedError,
  BudgetWaitAbortedError,
  budgetedClient,
  HubSpotRateLimiter,
} from '@ml/hubspot-budget';
import {
  HubSpotWriteFailure,
  type HubSpotRequestRecord,
  type HubSpotWritePort,
  type InputResult,
  type UpsertAnswer,
  type UpsertInput,
  type WriteFailureKind,
} from './hubspot-write.port';
import { PortalBootstrapsRepository, type PortalBootstrap } from './portal-bootstraps.repository';

const DEFINITIONS: Record<HubSpotObjectType, PropertyDefinition[]> = {
  contacts: CONTACT_PROPERTY_DEFINITIONS.map(toClientDefinition),
  companies: COMPANY_PROPERTY_DEFINITIONS.map(toClientDefinition),
};

/**
 * Per object type, a hash of what the bootstrap ensures: a connector release that changes the
 * definitions asks the portal again instead of reusing an older release's result.
 */
const DEFINITIONS_HASH: Record<HubSpotObjectType, string> = {
  contacts: sha256(JSON.stringify([PROPERTY_GROUP, DEFINITIONS.contacts])),
  companies: sha256(JSON.stringify([PROPERTY_GROUP, DEFINITIONS.companies])),
};

/**
 * How long one replica's bootstrap stands for the others. A replica keeps its own for as long as
 * it runs (until a property is found missing), so this adds no staleness a process lacks.
 */
export const SHARED_BOOTSTRAP_MAX_AGE_MS = 60 * 60_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toClientDefinition(definition: MappingPropertyDefinition): PropertyDefinition {
  const { options, ...rest } = definition;
  return options ? { ...rest, options: options.map((option) => ({ ...option })) } : rest;
}

const FAILURE_KIND: Record<Exclude<HubSpotErrorKind, 'rate-limited'>, WriteFailureKind> = {
  validation: 'validation',
  auth: 'auth',
  // A missing scope will not fix itself either: stop the connection like a bad token.
  forbidden: 'auth',
  retryable: 'retryable',
  // The write may have happened; the upsert is idempotent, so sending it again is safe.
  timeout: 'retryable',
  'bad-response': 'retryable',
  'wrong-hublet': 'fatal',
  rejected: 'fatal',
};

/**
 * The writer's HubSpot port over @ml/hubspot: one client (keep-alive pool) per connection and
 * token, and the property bootstrap once per object type, shared with the other replicas
 * (PortalBootstrapsRepository).
 */
@Injectable()
export class HubSpotPortFactory implements OnApplicationShutdown {
  private readonly ports = new Map<string, ClientPort>();

  constructor(
    private readonly limiter: HubSpotRateLimiter,
    private readonly bootstraps: PortalBootstrapsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  forConnection(connection: ConnectionWithSecrets): ClientPort {
    // A rotated token or a changed base URL gets a fresh client; the old one is closed.
    const key = createHash('sha256')
      .update(
        [
          connection.id,
          connection.hubspotToken,
          connection.hubspot.baseUrl,
          connection.hubspot.apiVersion,
        ].join('\n'),
      )
      .digest('hex');
    const held = this.ports.get(connection.id);
    if (held?.key === key) return held;
    void held?.close();
    const token = connection.hubspotToken;
    const client = budgetedClient(this.limiter, connection, this.config.writer.hubspotTimeoutMs);
    const portalKey = sha256(
      [token, connection.hubspot.baseUrl, connection.hubspot.apiVersion].join('\n'),
    );
    const port: ClientPort = new ClientPort(key, client, {
      shareBootstrap: (objectType, reuse, bootstrap) =>
        this.bootstraps.shared(
          { portalKey, objectType, definitionsHash: DEFINITIONS_HASH[objectType] },
          { maxAgeMs: SHARED_BOOTSTRAP_MAX_AGE_MS, reuse },
          bootstrap,
        ),
      observe: (rateLimit) =>
        this.limiter.observe(
          token,
          connection.hubspot.requestsPer10Seconds,
          rateLimit,
          port.timeZone,
        ),
    });
    this.ports.set(connection.id, port);
    return port;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.ports.values()].map((port) => port.close()));
    this.ports.clear();
  }
}

interface PortHooks {
  /** Tightens the shared budget from HubSpot's rate-limit headers. */
  observe(rateLimit: RateLimitInfo): Promise<void>;
  /** Runs the bootstrap once for every replica, or hands back another replica's recent one. */
  shareBootstrap(
    objectType: HubSpotObjectType,
    reuse: boolean,
    bootstrap: () => Promise<PortalBootstrap>,
  ): Promise<PortalBootstrap>;
}

export class ClientPort implements HubSpotWritePort {
  /** Per object type: the bootstrap, resolving to the portal's property names it read. */
  private readonly bootstrapped = new Map<HubSpotObjectType, Promise<ReadonlySet<string>>>();
  /** Object types whose next bootstrap must ask HubSpot, not reuse another replica's. */
  private readonly askAgain = new Set<HubSpotObjectType>();
  /** The portal's time zone: its daily limit resets at midnight there. UTC until known. */
  timeZone = 'UTC';

  constructor(
    readonly key: string,
    private readonly client: HubSpotClient,
    private readonly hooks: PortHooks,
  ) {}

  async upsert(
    objectType: HubSpotObjectType,
    inputs: readonly UpsertInput[],
  ): Promise<UpsertAnswer> {
    try {
      const outcome = await this.client.batchUpsert(
        objectType,
        inputs.map((input) => ({ ...input, properties: { ...input.properties } })),
      );
      await this.observe(outcome.request);
      return {
        results: new Map(
          outcome.inputs.map((input) => [input.objectWriteTraceId, toInputResult(input)]),
        ),
        request: toRequestRecord(outcome.request, objectType, inputs.length, null),
      };
    } catch (error) {
      if (error instanceof HubSpotError && error.request) await this.observe(error.request);
      throw toWriteFailure(error, objectType, inputs.length);
    }
  }

  async archive(
    objectType: HubSpotObjectType,
    hubspotIds: readonly string[],
  ): Promise<HubSpotRequestRecord> {
    try {
      const answer = await this.client.batchArchive(objectType, hubspotIds);
      await this.observe(answer.request);
      return toRequestRecord(answer.request, objectType, hubspotIds.length, null);
    } catch (error) {
      if (error instanceof HubSpotError && error.request) await this.observe(error.request);
      throw toWriteFailure(error, objectType, hubspotIds.length);
    }
  }

  async ensureProperties(objectType: HubSpotObjectType): Promise<void> {
    await this.portalProperties(objectType);
  }

  /** The names of the object type's properties in the portal, as the last bootstrap read them. */
  portalProperties(objectType: HubSpotObjectType): Promise<ReadonlySet<string>> {
    let done = this.bootstrapped.get(objectType);
    if (!done) {
      const reuse = !this.askAgain.delete(objectType);
      done = this.hooks
        .shareBootstrap(objectType, reuse, () => this.bootstrap(objectType))
        .then((found) => {
          this.timeZone = found.timeZone;
          return new Set(found.propertyNames);
        });
      this.bootstrapped.set(objectType, done);
      // A failed bootstrap is tried again by the next batch, not remembered forever (unless a
      // newer one, after forgetBootstrap, has taken its place).
      const attempt = done;
      attempt.catch(() => {
        if (this.bootstrapped.get(objectType) !== attempt) return;
        this.bootstrapped.delete(objectType);
        // The retry of a bootstrap that had to ask HubSpot asks HubSpot too.
        if (!reuse) this.askAgain.add(objectType);
      });
    }
    return done;
  }

  /** The next portalProperties() bootstraps again and so reads what the portal has now. */
  forgetBootstrap(objectType: HubSpotObjectType): void {
    this.bootstrapped.delete(objectType);
    this.askAgain.add(objectType);
  }

  close(): Promise<void> {
    return this.client.close().catch(() => undefined);
  }

  private async observe(request: RequestAudit): Promise<void> {
    // The shared budget only ever tightens from headers; a failure to record it is not a write failure.
    if (request.rateLimit) await this.hooks.observe(request.rateLimit).catch(() => undefined);
  }

  private async bootstrap(objectType: HubSpotObjectType): Promise<PortalBootstrap> {
    const definitions = DEFINITIONS[objectType];
    try {
      const { timeZone } = (await this.client.getAccountDetails()).data;
      const report = await this.client.ensureProperties(
        objectType,
        PROPERTY_GROUP.name,
        definitions,
        PROPERTY_GROUP.label,
      );
      return { timeZone, propertyNames: report.portalProperties };
    } catch (error) {
      throw toWriteFailure(error, objectType, 0);
    }
  }
}

function toInputResult(input: UpsertInputOutcome): InputResult {
  if (input.ok) return { ok: true, hubspotId: input.hubspotId, created: input.created };
  return {
    ok: false,
    category: input.category,
    message: input.message,
    correlationId: input.correlationId ?? null,
    unaccounted: input.category === 'UNACCOUNTED',
  };
}

function toRequestRecord(
  audit: RequestAudit,
  objectType: HubSpotObjectType,
  batchSize: number,
  errorKind: string | null,
): HubSpotRequestRecord {
  return {
    method: audit.method,
    path: audit.path,
    objectType,
    batchSize,
    status: audit.status ?? null,
    durationMs: audit.durationMs,
    correlationId: audit.correlationId ?? null,
    rateLimit: audit.rateLimit ? { ...audit.rateLimit } : null,
    errorKind,
    requestedAt: audit.startedAt,
  };
}

function toWriteFailure(
  error: unknown,
  objectType: HubSpotObjectType,
  batchSize: number,
): HubSpotWriteFailure {
  // Not HubSpot's answer but the shared budget's: the caller requeues the batch, failing nothing.
  if (error instanceof BudgetPausedError || error instanceof BudgetWaitAbortedError) throw error;
  if (error instanceof HubSpotWriteFailure) return error;
  if (error instanceof InvalidBatchError) return new HubSpotWriteFailure('fatal', error.message);
  if (!(error instanceof HubSpotError)) {
    return new HubSpotWriteFailure('fatal', error instanceof Error ? error.message : String(error));
  }
  const kind: WriteFailureKind =
    error.kind === 'rate-limited'
      ? error.policy === 'DAILY'
        ? 'daily-limit'
        : 'rate-limited'
      : // A whole-batch 409 (an email already on another contact) is one record's fault, like a
        // 400: bisect to find it and write the rest.
        error.kind === 'rejected' && error.status === 409
        ? 'validation'
        : FAILURE_KIND[error.kind];
  return new HubSpotWriteFailure(
    kind,
    error.message,
    error.retryAfterMs ?? null,
    error.correlationId ?? null,
    error.category ?? null,
    error.request ? toRequestRecord(error.request, objectType, batchSize, kind) : null,
  );
}

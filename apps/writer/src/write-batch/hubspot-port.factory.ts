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
  type UpsertInputOutcome,
} from '@ml/hubspot';
import {
  COMPANY_PROPERTY_DEFINITIONS,
  CONTACT_PROPERTY_DEFINITIONS,
  PROPERTY_GROUP,
  type PropertyDefinition as MappingPropertyDefinition,
} from '@ml/mapping';
import type { HubSpotObjectType } from '@ml/messaging';
import { HubSpotRateLimiter } from '../rate-limit/hubspot-rate-limiter';
import {
  HubSpotWriteFailure,
  type HubSpotWritePort,
  type InputResult,
  type UpsertInput,
  type WriteFailureKind,
} from './hubspot-write.port';

const DEFINITIONS: Record<HubSpotObjectType, PropertyDefinition[]> = {
  contacts: CONTACT_PROPERTY_DEFINITIONS.map(toClientDefinition),
  companies: COMPANY_PROPERTY_DEFINITIONS.map(toClientDefinition),
};

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
 * token, and the property bootstrap done once per object type per process.
 */
@Injectable()
export class HubSpotPortFactory implements OnApplicationShutdown {
  private readonly ports = new Map<string, ClientPort>();

  constructor(
    private readonly limiter: HubSpotRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  forConnection(connection: ConnectionWithSecrets): HubSpotWritePort {
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
    const client = new HubSpotClient({
      accessToken: connection.hubspotToken,
      baseUrl: connection.hubspot.baseUrl,
      apiVersion: connection.hubspot.apiVersion,
      timeoutMs: this.config.writer.hubspotTimeoutMs,
    });
    const port = new ClientPort(key, client, (requests) =>
      this.limiter.acquireMany(
        connection.hubspotToken,
        connection.hubspot.requestsPer10Seconds,
        requests,
      ),
    );
    this.ports.set(connection.id, port);
    return port;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.ports.values()].map((port) => port.close()));
    this.ports.clear();
  }
}

class ClientPort implements HubSpotWritePort {
  private readonly bootstrapped = new Map<HubSpotObjectType, Promise<void>>();

  constructor(
    readonly key: string,
    private readonly client: HubSpotClient,
    private readonly reserve: (requests: number) => Promise<void>,
  ) {}

  async upsert(
    objectType: HubSpotObjectType,
    inputs: readonly UpsertInput[],
  ): Promise<ReadonlyMap<string, InputResult>> {
    try {
      const outcome = await this.client.batchUpsert(
        objectType,
        inputs.map((input) => ({ ...input, properties: { ...input.properties } })),
      );
      return new Map(
        outcome.inputs.map((input) => [input.objectWriteTraceId, toInputResult(input)]),
      );
    } catch (error) {
      throw toWriteFailure(error);
    }
  }

  ensureProperties(objectType: HubSpotObjectType): Promise<void> {
    let done = this.bootstrapped.get(objectType);
    if (!done) {
      done = this.bootstrap(objectType);
      this.bootstrapped.set(objectType, done);
      // A failed bootstrap is tried again by the next batch, not remembered forever.
      done.catch(() => this.bootstrapped.delete(objectType));
    }
    return done;
  }

  close(): Promise<void> {
    return this.client.close().catch(() => undefined);
  }

  private async bootstrap(objectType: HubSpotObjectType): Promise<void> {
    const definitions = DEFINITIONS[objectType];
    // The most requests the bootstrap can make: group, list, then a create and a re-read each.
    await this.reserve(2 + 2 * definitions.length);
    try {
      await this.client.ensureProperties(
        objectType,
        PROPERTY_GROUP.name,
        definitions,
        PROPERTY_GROUP.label,
      );
    } catch (error) {
      throw toWriteFailure(error);
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

function toWriteFailure(error: unknown): HubSpotWriteFailure {
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
      : FAILURE_KIND[error.kind];
  return new HubSpotWriteFailure(
    kind,
    error.message,
    error.retryAfterMs ?? null,
    error.correlationId ?? null,
    error.category ?? null,
  );
}

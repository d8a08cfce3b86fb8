import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { primaryEmplRcdProblem } from '@ml/mapping';
import type {
  ConnectionWithSecrets,
  HubSpotSettings,
  PeopleSoftSettings,
  ScheduleSettings,
  SourcesSettings,
  TerminatedPolicy,
} from './connection-settings';
import type { ConnectionEntity } from './connection.entity';
import type { ConnectionPatch } from './connection-patch';
import { toConnectionView, type ConnectionView } from './connection-view';
import { ConnectionsRepository, isUniqueViolation } from './connections.repository';
import { nextRunAfter, scheduleProblem } from './schedule';
import { SecretBox } from './secret-box';

export type PeopleSoftAuthInput =
  | { readonly type: 'basic'; readonly oprid: string; readonly password: string }
  | {
      readonly type: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string;
    };

export interface NewConnection {
  readonly name: string;
  readonly enabled?: boolean;
  readonly peoplesoft: Omit<PeopleSoftSettings, 'auth'> & { readonly auth: PeopleSoftAuthInput };
  readonly hubspot: HubSpotSettings & { readonly accessToken: string };
  readonly schedule: ScheduleSettings;
  /** Scheduled full syncs; absent or null: only on demand. */
  readonly fullSyncSchedule?: ScheduleSettings | null;
  readonly mapping?: Record<string, unknown>;
  readonly terminatedPolicy?: TerminatedPolicy;
}

/** A connection whose full-sync slot has come: the poller queues its full run. */
export interface DueFullSync {
  readonly id: string;
  readonly name: string;
  readonly fullSyncSchedule: ScheduleSettings;
  /** The slot as read: the poller moves it only if no one else did (see moveFullSync). */
  readonly nextFullSyncAt: Date;
}

export class InvalidConnectionError extends Error {
  override name = 'InvalidConnectionError';
}

export class ConnectionNameTakenError extends Error {
  override name = 'ConnectionNameTakenError';
  constructor(name: string) {
    super(`a connection named '${name}' already exists`);
  }
}

/** Stores connections with their secrets sealed, and hands decrypted copies to the workers. */
@Injectable()
export class ConnectionsService {
  private readonly box: SecretBox;

  constructor(
    private readonly repository: ConnectionsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.encryption, config.previousEncryptionKeys);
  }

  async create(input: NewConnection): Promise<ConnectionEntity> {
    const problem = scheduleProblem(input.schedule);
    if (problem) throw new InvalidConnectionError(`schedule: ${problem}`);
    assertValidSources(input.peoplesoft.sources);
    const fullSyncSchedule = validFullSyncSchedule(input.fullSyncSchedule ?? null);
    const { auth, ...peoplesoft } = input.peoplesoft;
    const psSecret = auth.type === 'basic' ? auth.password : auth.clientSecret;
    const publicAuth =
      auth.type === 'basic'
        ? { type: auth.type, oprid: auth.oprid }
        : { type: auth.type, tokenUrl: auth.tokenUrl, clientId: auth.clientId, scope: auth.scope };
    const { accessToken, ...hubspot } = input.hubspot;
    return this.insertNamed(input.name, {
      name: input.name,
      enabled: input.enabled ?? true,
      peoplesoft: { ...peoplesoft, auth: publicAuth, secretHint: lastFour(psSecret) },
      peoplesoftSecret: this.box.encrypt(psSecret),
      hubspot: { ...hubspot, secretHint: lastFour(accessToken) },
      hubspotSecret: this.box.encrypt(accessToken),
      schedule: input.schedule,
      fullSyncSchedule,
      mapping: input.mapping ?? {},
      terminatedPolicy: input.terminatedPolicy ?? 'set-status',
      attention: null,
      nextRunAt: new Date(),
      // The first run reads everything anyway: the first full sync waits for its slot.
      nextFullSyncAt: fullSyncSchedule ? nextRunAfter(fullSyncSchedule, new Date()) : null,
    });
  }

  /** Lists every connection as the API shows it: secrets reduced to set/last4. */
  async list(): Promise<ConnectionView[]> {
    return (await this.repository.findAll()).map(toConnectionView);
  }

  async view(id: string): Promise<ConnectionView | null> {
    const row = await this.repository.findById(id);
    return row ? toConnectionView(row) : null;
  }

  /** Applies a partial change; null when the connection does not exist. */
  async update(id: string, patch: ConnectionPatch): Promise<ConnectionView | null> {
    const row = await this.repository.findById(id);
    if (!row) return null;
    const before = { ...row };
    if (patch.schedule) {
      const problem = scheduleProblem(patch.schedule);
      if (problem) throw new InvalidConnectionError(`schedule: ${problem}`);
      row.schedule = { cron: patch.schedule.cron, timezone: patch.schedule.timezone };
      row.nextRunAt = nextRunAfter(row.schedule, new Date());
    }
    if (patch.fullSyncSchedule !== undefined) {
      row.fullSyncSchedule = validFullSyncSchedule(patch.fullSyncSchedule);
      row.nextFullSyncAt = row.fullSyncSchedule
        ? nextRunAfter(row.fullSyncSchedule, new Date())
        : null;
    }
    if (patch.peoplesoft?.sources) assertValidSources(patch.peoplesoft.sources);
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.enabled !== undefined) row.enabled = patch.enabled;
    if (patch.mapping !== undefined) row.mapping = patch.mapping;
    if (patch.terminatedPolicy !== undefined) row.terminatedPolicy = patch.terminatedPolicy;
    if (patch.peoplesoft) this.patchPeopleSoft(row, patch.peoplesoft);
    if (patch.hubspot) {
      const { accessToken, ...settings } = patch.hubspot;
      row.hubspot = { ...row.hubspot, ...definedOnly(settings) };
      if (accessToken !== undefined) {
        row.hubspot = { ...row.hubspot, secretHint: lastFour(accessToken) };
        row.hubspotSecret = this.box.encrypt(accessToken);
        // A new token is the usual fix for a connection stopped on a revoked one.
        row.attention = null;
      }
    }
    row.updatedAt = new Date();
    // Only the columns this change touched are written, so a concurrent write by the poller
    // (next run) or the writer (attention) is not overwritten with what was read here.
    const changes = Object.fromEntries(
      Object.entries(row).filter(([key, value]) => value !== before[key as keyof ConnectionEntity]),
    ) as Partial<ConnectionEntity>;
    try {
      const saved = await this.repository.updateColumns(id, changes);
      return saved ? toConnectionView(saved) : null;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConnectionNameTakenError(row.name);
      throw error;
    }
  }

  /** Deletes the connection with its runs and audit trail; false when it did not exist. */
  remove(id: string): Promise<boolean> {
    return this.repository.delete(id);
  }

  async withSecrets(id: string): Promise<ConnectionWithSecrets | null> {
    const row = await this.repository.findById(id);
    return row ? this.unseal(row) : null;
  }

  async dueConnections(now: Date): Promise<ConnectionWithSecrets[]> {
    return (await this.repository.findDue(now)).map((row) => this.unseal(row));
  }

  /** Moves the connection's next run to its schedule's next slot after `after`. */
  async scheduleNextRun(connection: ConnectionWithSecrets, after: Date): Promise<Date> {
    const next = nextRunAfter(connection.schedule, after);
    await this.repository.setNextRunAt(connection.id, next);
    return next;
  }

  /** Connections (enabled) whose full-sync slot is at or before `now`. */
  async dueFullSyncs(now: Date): Promise<DueFullSync[]> {
    return (await this.repository.findFullSyncDue(now)).flatMap((row) =>
      row.fullSyncSchedule && row.nextFullSyncAt
        ? [
            {
              id: row.id,
              name: row.name,
              fullSyncSchedule: row.fullSyncSchedule,
              nextFullSyncAt: row.nextFullSyncAt,
            },
          ]
        : [],
    );
  }

  /**
   * Moves the full-sync slot from `from` to `to`; false when it no longer is at `from` (another
   * poller moved it first, or the schedule changed), so only one poller queues each full sync.
   */
  moveFullSync(id: string, from: Date, to: Date): Promise<boolean> {
    return this.repository.moveNextFullSyncAt(id, from, to);
  }

  async requestRunNow(id: string): Promise<void> {
    await this.repository.setNextRunAt(id, new Date());
  }

  async markNeedsAttention(id: string, reason: string | null): Promise<void> {
    await this.repository.setAttention(id, reason);
  }

  private async insertNamed(
    name: string,
    row: Omit<ConnectionEntity, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<ConnectionEntity> {
    try {
      return await this.repository.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConnectionNameTakenError(name);
      throw error;
    }
  }

  private patchPeopleSoft(
    row: ConnectionEntity,
    patch: NonNullable<ConnectionPatch['peoplesoft']>,
  ): void {
    const { auth, caCertPem, sources, ...settings } = patch;
    const next: ConnectionEntity['peoplesoft'] = { ...row.peoplesoft, ...definedOnly(settings) };
    if (sources !== undefined) Object.assign(next, { sources });
    if (caCertPem === null) delete (next as { caCertPem?: string }).caCertPem;
    else if (caCertPem !== undefined) Object.assign(next, { caCertPem });
    if (auth) {
      const secret = auth.type === 'basic' ? auth.password : auth.clientSecret;
      if (secret === undefined && auth.type !== row.peoplesoft.auth.type) {
        const field = auth.type === 'basic' ? 'password' : 'clientSecret';
        throw new InvalidConnectionError(
          `peoplesoft.auth.${field} is required when switching to ${auth.type} authentication`,
        );
      }
      Object.assign(next, {
        auth:
          auth.type === 'basic'
            ? { type: auth.type, oprid: auth.oprid }
            : {
                type: auth.type,
                tokenUrl: auth.tokenUrl,
                clientId: auth.clientId,
                ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
              },
      });
      if (secret !== undefined) {
        next.secretHint = lastFour(secret);
        row.peoplesoftSecret = this.box.encrypt(secret);
      }
    }
    row.peoplesoft = next;
  }

  private unseal(row: ConnectionEntity): ConnectionWithSecrets {
    const { secretHint: _ps, ...peoplesoft } = row.peoplesoft;
    const { secretHint: _hs, ...hubspot } = row.hubspot;
    return {
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      peoplesoft,
      peoplesoftSecret: this.box.decrypt(row.peoplesoftSecret),
      hubspot,
      hubspotToken: this.box.decrypt(row.hubspotSecret),
      schedule: row.schedule,
      fullSyncSchedule: row.fullSyncSchedule ?? null,
      mapping: row.mapping,
      terminatedPolicy: row.terminatedPolicy,
      attention: row.attention,
    };
  }
}

function validFullSyncSchedule(schedule: ScheduleSettings | null): ScheduleSettings | null {
  if (schedule === null) return null;
  const problem = scheduleProblem(schedule);
  if (problem) throw new InvalidConnectionError(`fullSyncSchedule: ${problem}`);
  return { cron: schedule.cron, timezone: schedule.timezone };
}

/** Only the employee source picks an employment record, and only in the ways there are. */
function assertValidSources(sources: SourcesSettings): void {
  const employee = sources.employee?.primaryEmplRcd;
  const problem = employee === undefined ? null : primaryEmplRcdProblem(employee);
  if (problem) {
    throw new InvalidConnectionError(`peoplesoft.sources.employee.primaryEmplRcd ${problem}`);
  }
  for (const entity of ['vendor', 'customer'] as const) {
    if (sources[entity] && 'primaryEmplRcd' in (sources[entity] as object)) {
      throw new InvalidConnectionError(
        `peoplesoft.sources.${entity}.primaryEmplRcd: only the employee source has employment records`,
      );
    }
  }
}

/** Drops keys whose value is undefined, so a partial change never erases a stored value. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function lastFour(secret: string): string {
  return secret.length > 8 ? secret.slice(-4) : '';
}

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import type {
  ConnectionWithSecrets,
  HubSpotSettings,
  PeopleSoftSettings,
  ScheduleSettings,
  TerminatedPolicy,
} from './connection-settings';
import type { ConnectionEntity } from './connection.entity';
import { ConnectionsRepository } from './connections.repository';
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
  readonly mapping?: Record<string, unknown>;
  readonly terminatedPolicy?: TerminatedPolicy;
}

export class InvalidConnectionError extends Error {
  override name = 'InvalidConnectionError';
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
    const { auth, ...peoplesoft } = input.peoplesoft;
    const psSecret = auth.type === 'basic' ? auth.password : auth.clientSecret;
    const publicAuth =
      auth.type === 'basic'
        ? { type: auth.type, oprid: auth.oprid }
        : { type: auth.type, tokenUrl: auth.tokenUrl, clientId: auth.clientId, scope: auth.scope };
    const { accessToken, ...hubspot } = input.hubspot;
    return this.repository.insert({
      name: input.name,
      enabled: input.enabled ?? true,
      peoplesoft: { ...peoplesoft, auth: publicAuth, secretHint: lastFour(psSecret) },
      peoplesoftSecret: this.box.encrypt(psSecret),
      hubspot: { ...hubspot, secretHint: lastFour(accessToken) },
      hubspotSecret: this.box.encrypt(accessToken),
      schedule: input.schedule,
      mapping: input.mapping ?? {},
      terminatedPolicy: input.terminatedPolicy ?? 'set-status',
      attention: null,
      nextRunAt: new Date(),
    });
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

  async requestRunNow(id: string): Promise<void> {
    await this.repository.setNextRunAt(id, new Date());
  }

  async markNeedsAttention(id: string, reason: string | null): Promise<void> {
    await this.repository.setAttention(id, reason);
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
      mapping: row.mapping,
      terminatedPolicy: row.terminatedPolicy,
    };
  }
}

function lastFour(secret: string): string {
  return secret.length > 8 ? secret.slice(-4) : '';
}

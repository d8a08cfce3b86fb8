import { Injectable, NotFoundException } from '@nestjs/common';
import { ConnectionsService, toConnectionView, type ConnectionView } from '@ml/connections';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import { toNewConnection, type CreateConnectionDto } from './connection-input.dto';
import { toConnectionPatch, type PatchConnectionDto } from './connection-patch.dto';
import { assertValidMapping } from './mapping-validation';

export interface WritingStatus {
  readonly paused: boolean;
  readonly pausedUntil: string | null;
  readonly reason: string | null;
}

/** The connection use cases of the admin API; answers never carry a secret. */
@Injectable()
export class ConnectionsAdminService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly budget: HubSpotRateLimiter,
  ) {}

  async create(dto: CreateConnectionDto): Promise<ConnectionView> {
    assertValidMapping(dto.mapping);
    return toConnectionView(await this.connections.create(toNewConnection(dto)));
  }

  list(): Promise<ConnectionView[]> {
    return this.connections.list();
  }

  /** The connection, and whether its HubSpot writing is paused (the daily limit) until when. */
  async get(id: string): Promise<ConnectionView & { writing: WritingStatus }> {
    const view = found(id, await this.connections.view(id));
    const secrets = await this.connections.withSecrets(id);
    const pause = secrets ? await this.budget.currentPause(secrets.hubspotToken) : null;
    return {
      ...view,
      writing: pause
        ? { paused: true, pausedUntil: pause.until.toISOString(), reason: pause.reason }
        : { paused: false, pausedUntil: null, reason: null },
    };
  }

  async update(id: string, dto: PatchConnectionDto): Promise<ConnectionView> {
    if (dto.mapping !== undefined) assertValidMapping(dto.mapping);
    return found(id, await this.connections.update(id, toConnectionPatch(dto)));
  }

  async remove(id: string): Promise<void> {
    if (!(await this.connections.remove(id))) throw notFound(id);
  }
}

function found<T>(id: string, value: T | null): T {
  if (value === null) throw notFound(id);
  return value;
}

export function notFound(id: string): NotFoundException {
  return new NotFoundException(`connection ${id} does not exist`);
}

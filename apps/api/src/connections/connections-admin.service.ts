import { Injectable, NotFoundException } from '@nestjs/common';
import { ConnectionsService, toConnectionView, type ConnectionView } from '@ml/connections';
import { toNewConnection, type CreateConnectionDto } from './connection-input.dto';
import { toConnectionPatch, type PatchConnectionDto } from './connection-patch.dto';
import { assertValidMapping } from './mapping-validation';

/** The connection use cases of the admin API; answers never carry a secret. */
@Injectable()
export class ConnectionsAdminService {
  constructor(private readonly connections: ConnectionsService) {}

  async create(dto: CreateConnectionDto): Promise<ConnectionView> {
    assertValidMapping(dto.mapping);
    return toConnectionView(await this.connections.create(toNewConnection(dto)));
  }

  list(): Promise<ConnectionView[]> {
    return this.connections.list();
  }

  async get(id: string): Promise<ConnectionView> {
    return found(id, await this.connections.view(id));
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

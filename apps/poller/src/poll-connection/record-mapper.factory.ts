import { Injectable } from '@nestjs/common';
import type { ConnectionWithSecrets } from '@ml/connections';
import { compileMapping, type MappingResult, type RecordMapper } from '@ml/mapping';
import type { SourceEntity } from '@ml/messaging';

export type { MappingResult };

/** Compiles each connection's mapping once, so the per-row path does no schema work. */
@Injectable()
export class RecordMapperFactory {
  private readonly cache = new Map<string, { fingerprint: string; mapper: RecordMapper }>();

  forConnection(connection: ConnectionWithSecrets, entity: SourceEntity): RecordMapper {
    // The stored document covers every entity; compileMapping picks this entity's part.
    const overrides = Object.keys(connection.mapping).length > 0 ? connection.mapping : undefined;
    const fingerprint = JSON.stringify([
      overrides ?? null,
      connection.peoplesoft.defaultPhoneRegion,
    ]);
    const key = `${connection.id}|${entity}`;
    const hit = this.cache.get(key);
    if (hit?.fingerprint === fingerprint) return hit.mapper;
    const mapper = compileMapping(entity, overrides, {
      defaultRegion: connection.peoplesoft.defaultPhoneRegion,
    });
    this.cache.set(key, { fingerprint, mapper });
    return mapper;
  }
}

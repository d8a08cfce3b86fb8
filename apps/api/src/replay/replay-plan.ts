import type { ReplayTarget } from '@ml/audit';

export interface ConnectionReplay {
  readonly connectionId: string;
  readonly sourceIds: Record<string, string[]>;
  readonly records: number;
}

/** Groups resolved records per connection, with their PeopleSoft ids per entity (deduplicated). */
export function planReplay(targets: readonly ReplayTarget[]): ConnectionReplay[] {
  const byConnection = new Map<string, Map<string, Set<string>>>();
  for (const t of targets) {
    let entities = byConnection.get(t.connectionId);
    if (!entities) byConnection.set(t.connectionId, (entities = new Map()));
    let ids = entities.get(t.entity);
    if (!ids) entities.set(t.entity, (ids = new Set()));
    ids.add(t.sourceId);
  }
  return [...byConnection.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([connectionId, entities]) => {
      const sourceIds: Record<string, string[]> = {};
      let records = 0;
      for (const [entity, ids] of [...entities.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        sourceIds[entity] = [...ids].sort();
        records += ids.size;
      }
      return { connectionId, sourceIds, records };
    });
}

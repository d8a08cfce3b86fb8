export interface SimObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export type UpsertResult =
  | { ok: true; object: SimObject; created: boolean }
  | { ok: false; conflict: { property: string; value: string; existingId: string } };

interface JournalEntry {
  id: string;
  before: SimObject | undefined;
}

/**
 * Objects of one type with an index on every unique property. Writes made inside `transaction`
 * are undone if the callback asks for a rollback, which is how a whole-batch 400 writes nothing.
 */
export class ObjectStore {
  private readonly objects = new Map<string, SimObject>();
  private readonly index = new Map<string, Map<string, string>>();
  private journal: JournalEntry[] | undefined;

  constructor(
    /** Which properties must hold a value at most once, asked on every write. */
    private readonly uniqueProperties: () => readonly string[],
    private readonly nextId: () => string,
  ) {}

  get size(): number {
    return this.objects.size;
  }

  all(): SimObject[] {
    return [...this.objects.values()];
  }

  get(id: string): SimObject | undefined {
    return this.objects.get(id);
  }

  findByUnique(property: string, value: string): SimObject | undefined {
    const id = this.index.get(property)?.get(normaliseUnique(property, value));
    return id === undefined ? undefined : this.objects.get(id);
  }

  clear(): void {
    this.objects.clear();
    this.index.clear();
  }

  /** Runs `work`; when it returns false every write it made is undone. */
  transaction(work: () => boolean): boolean {
    this.journal = [];
    try {
      const keep = work();
      if (!keep) this.rollback(this.journal);
      return keep;
    } catch (error) {
      this.rollback(this.journal);
      throw error;
    } finally {
      this.journal = undefined;
    }
  }

  /**
   * Finds the object whose `idProperty` equals `idValue`, then updates it or creates one. Fails
   * without writing when another object already holds one of the unique values being written.
   */
  upsert(
    idProperty: string,
    idValue: string,
    properties: Record<string, string>,
    nowIso: string,
    derived: (object: SimObject) => Record<string, string>,
  ): UpsertResult {
    const target = this.findByUnique(idProperty, idValue);
    const writes: Record<string, string> = { ...properties, [idProperty]: idValue };
    for (const property of this.uniqueProperties()) {
      const value = writes[property];
      if (value === undefined || value === '') continue;
      const holder = this.findByUnique(property, value);
      if (holder && holder.id !== target?.id) {
        return { ok: false, conflict: { property, value, existingId: holder.id } };
      }
    }
    if (target) {
      this.remember(target.id, target);
      this.unindex(target);
      const next: SimObject = {
        ...target,
        properties: applyWrites(target.properties, writes),
        updatedAt: nowIso,
      };
      next.properties = { ...next.properties, ...derived(next) };
      this.objects.set(next.id, next);
      this.indexObject(next);
      return { ok: true, object: next, created: false };
    }
    const id = this.nextId();
    this.remember(id, undefined);
    const created: SimObject = {
      id,
      properties: applyWrites({}, writes),
      createdAt: nowIso,
      updatedAt: nowIso,
      archived: false,
    };
    created.properties = { ...created.properties, ...derived(created) };
    this.objects.set(id, created);
    this.indexObject(created);
    return { ok: true, object: created, created: true };
  }

  private remember(id: string, before: SimObject | undefined): void {
    this.journal?.push({ id, before });
  }

  private rollback(journal: JournalEntry[]): void {
    for (const entry of [...journal].reverse()) {
      const current = this.objects.get(entry.id);
      if (current) this.unindex(current);
      if (entry.before) {
        this.objects.set(entry.id, entry.before);
        this.indexObject(entry.before);
      } else {
        this.objects.delete(entry.id);
      }
    }
  }

  private indexObject(object: SimObject): void {
    for (const property of this.uniqueProperties()) {
      const value = object.properties[property];
      if (value === undefined || value === '') continue;
      let byValue = this.index.get(property);
      if (!byValue) {
        byValue = new Map();
        this.index.set(property, byValue);
      }
      byValue.set(normaliseUnique(property, value), object.id);
    }
  }

  private unindex(object: SimObject): void {
    for (const [property, byValue] of this.index) {
      const value = object.properties[property];
      if (value !== undefined) byValue.delete(normaliseUnique(property, value));
    }
  }
}

/** HubSpot stores emails lower-cased, so email matching ignores case. */
export function normaliseUnique(property: string, value: string): string {
  return property === 'email' ? value.trim().toLowerCase() : value;
}

function applyWrites(
  current: Record<string, string>,
  writes: Record<string, string>,
): Record<string, string> {
  const next = { ...current };
  for (const [name, value] of Object.entries(writes)) {
    // An empty string clears a property in HubSpot.
    if (value === '') delete next[name];
    else next[name] = name === 'email' ? value.trim().toLowerCase() : value;
  }
  return next;
}

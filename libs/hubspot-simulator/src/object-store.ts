export interface SimObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** When it was archived (deleted); absent on live objects. */
  archivedAt?: string;
}

/**
 * What an upsert does with a unique id held only by an archived object: bring that object back
 * (same id, its history kept) or create a new one. HubSpot's documentation does not settle it,
 * so the connector must cope with both and the simulator can play either.
 */
export type ArchivedUpsertMode = 'restore' | 'recreate';

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
  /** Merged-away (or merged) id → the id that answers for it now. */
  private readonly mergedInto = new Map<string, string>();
  private journal: JournalEntry[] | undefined;
  archivedUpsertMode: ArchivedUpsertMode = 'restore';

  constructor(
    /** Which properties must hold a value at most once, asked on every write. */
    private readonly uniqueProperties: () => readonly string[],
    private readonly nextId: () => string,
  ) {}

  /** Live objects. */
  get size(): number {
    return this.all().length;
  }

  /** Live objects only, as HubSpot's list shows them. */
  all(): SimObject[] {
    return [...this.objects.values()].filter((o) => !o.archived);
  }

  archived(): SimObject[] {
    return [...this.objects.values()].filter((o) => o.archived);
  }

  /** A live object by id; a merged-away id answers with the object that absorbed it. */
  get(id: string): SimObject | undefined {
    const object = this.objects.get(this.resolve(id));
    return object && !object.archived ? object : undefined;
  }

  /** Live or archived, without following merges. */
  getAny(id: string): SimObject | undefined {
    return this.objects.get(id);
  }

  /** The live object holding this unique value. */
  findByUnique(property: string, value: string): SimObject | undefined {
    const object = this.findAnyByUnique(property, value);
    return object && !object.archived ? object : undefined;
  }

  clear(): void {
    this.objects.clear();
    this.index.clear();
    this.mergedInto.clear();
  }

  /** Archives a live object (HubSpot's delete); false when there is none. Not journaled. */
  archive(id: string, nowIso: string): boolean {
    const object = this.get(id);
    if (!object) return false;
    // The archived object keeps its values (HubSpot's recycle bin) and its index entries, so
    // an upsert on its unique id can bring it back.
    this.objects.set(object.id, { ...object, archived: true, archivedAt: nowIso });
    return true;
  }

  /**
   * Merges `mergedId` into `primaryId` as a rep does in HubSpot: the primary's values win, the
   * other's unique values are dropped and its email moves to `hs_additional_emails`; the
   * merged-away id answers reads with the survivor. With `newRecord`, both old ids resolve to
   * a new object (HubSpot's newer behaviour). Returns the survivor, undefined if either is unknown.
   */
  merge(
    primaryId: string,
    mergedId: string,
    nowIso: string,
    newRecord: boolean,
    derived: (object: SimObject) => Record<string, string>,
  ): SimObject | undefined {
    const primary = this.get(primaryId);
    const merged = this.get(mergedId);
    if (!primary || !merged || primary.id === merged.id) return undefined;
    const unique = new Set(this.uniqueProperties());
    const fromMerged = Object.fromEntries(
      Object.entries(merged.properties).filter(([name]) => !unique.has(name)),
    );
    const emails = [
      ...(primary.properties.hs_additional_emails?.split(';') ?? []),
      ...(merged.properties.email ? [merged.properties.email] : []),
    ].filter((e) => e !== '' && e !== primary.properties.email);
    const previous = (o: SimObject) => [
      o.id,
      ...(o.properties.hs_merged_object_ids?.split(';').filter((x) => x !== '') ?? []),
    ];
    const mergedIds = newRecord
      ? [...previous(primary), ...previous(merged)]
      : previous(merged).concat(primary.properties.hs_merged_object_ids?.split(';') ?? []);
    this.unindex(primary);
    this.unindex(merged);
    this.objects.delete(merged.id);
    const survivorId = newRecord ? this.nextId() : primary.id;
    if (newRecord) this.objects.delete(primary.id);
    const survivor: SimObject = {
      id: survivorId,
      properties: {
        ...fromMerged,
        ...primary.properties,
        ...(emails.length > 0 ? { hs_additional_emails: [...new Set(emails)].join(';') } : {}),
        hs_merged_object_ids: [...new Set(mergedIds.filter((x) => x !== ''))].join(';'),
      },
      createdAt: newRecord ? nowIso : primary.createdAt,
      updatedAt: nowIso,
      archived: false,
    };
    survivor.properties = { ...survivor.properties, ...derived(survivor) };
    this.objects.set(survivorId, survivor);
    this.indexObject(survivor);
    for (const id of survivor.properties.hs_merged_object_ids.split(';')) {
      if (id !== survivorId) this.mergedInto.set(id, survivorId);
    }
    return survivor;
  }

  /** Sets properties as a user would in HubSpot's UI (no validation, not journaled). */
  edit(id: string, properties: Record<string, string>, nowIso: string): SimObject | undefined {
    const object = this.get(id);
    if (!object) return undefined;
    this.unindex(object);
    const next: SimObject = {
      ...object,
      properties: applyWrites(object.properties, properties),
      updatedAt: nowIso,
    };
    this.objects.set(next.id, next);
    this.indexObject(next);
    return next;
  }

  private resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 10 && this.mergedInto.has(current); hops++) {
      current = this.mergedInto.get(current) as string;
    }
    return current;
  }

  private findAnyByUnique(property: string, value: string): SimObject | undefined {
    const id = this.index.get(property)?.get(normaliseUnique(property, value));
    return id === undefined ? undefined : this.objects.get(id);
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
    const held = this.findAnyByUnique(idProperty, idValue);
    // An archived holder is restored, or ignored (a new object takes the value over).
    const target = held?.archived && this.archivedUpsertMode === 'recreate' ? undefined : held;
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
      const { archivedAt: _restored, ...live } = target;
      const next: SimObject = {
        ...live,
        archived: false,
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
      if (value === undefined) continue;
      // Only its own entry: a recreated object may have taken an archived one's value over.
      const key = normaliseUnique(property, value);
      if (byValue.get(key) === object.id) byValue.delete(key);
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

import type { RecordState } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import {
  compileMapping,
  currencyKeyOf,
  ENTITY_SPECS,
  mappedTargets,
  MappingDocumentError,
  selectCurrentEmployeeRows,
  type MappedTarget,
  type MappingResult,
  type RecordMapper,
  type SourceEntity,
  type SourceRow,
} from '@ml/mapping';
import { PeopleSoftError } from '@ml/peoplesoft';
import type { EntityPreview } from './preview-report.dto';
import { PreviewTally } from './preview-tally';
import {
  readWindows,
  WindowTooLargeError,
  type PreviewWindow,
  type WindowReader,
} from './preview-windows';
import {
  checkTargetProperties,
  type PropertyCheck,
  type PropertyLister,
} from './target-properties';

/** PeopleSoft requests one entity's preview may make before it asks for a narrower window. */
export const MAX_PEOPLESOFT_REQUESTS = 2000;

export interface EntityPreviewInput {
  readonly connection: ConnectionWithSecrets;
  readonly entity: SourceEntity;
  readonly today: string;
  readonly window: PreviewWindow;
  readonly limit: number;
  /** null when no PeopleSoft client could be built from the settings; `readerError` says why. */
  readonly reader: WindowReader | null;
  readonly readerError?: string;
  readonly listProperties: PropertyLister;
  /** What the audit trail says HubSpot holds for these PeopleSoft ids. */
  readonly states: (entity: SourceEntity, sourceIds: string[]) => Promise<Map<string, RecordState>>;
}

/**
 * One entity's dry run: reads its rows window by window, keeps the rows in force, maps them with
 * the connection's mapping and classifies each record against the audit trail, while HubSpot is
 * asked whether the mapped properties exist. Reads only: nothing is published or stored.
 */
export async function previewEntity(input: EntityPreviewInput): Promise<EntityPreview> {
  const { connection, entity } = input;
  const objectType = ENTITY_SPECS[entity].objectType;
  const tally = new PreviewTally(input.limit);
  const report = (
    properties: PropertyCheck,
    read: { rows: number; windows: number },
    error: string | null,
    hint: string | null,
  ): EntityPreview => ({
    entity,
    objectType,
    counts: tally.counts,
    deferred: tally.deferred,
    rowsRead: read.rows,
    windowsRead: read.windows,
    examples: tally.examples,
    properties,
    error,
    hint,
  });
  const overrides = Object.keys(connection.mapping).length > 0 ? connection.mapping : undefined;
  let mapper: RecordMapper;
  let targets: MappedTarget[];
  try {
    mapper = compileMapping(entity, overrides, {
      defaultRegion: connection.peoplesoft.defaultPhoneRegion,
    });
    targets = mappedTargets(entity, overrides);
  } catch (error) {
    if (!(error instanceof MappingDocumentError)) throw error;
    return report(
      { checked: false, missing: [], error: 'not checked: the mapping cannot be used' },
      { rows: 0, windows: 0 },
      `the stored mapping cannot be used: ${error.errors.join('; ')}`,
      "PATCH the connection's mapping (or peoplesoft.defaultPhoneRegion) with a valid one",
    );
  }
  const properties = checkTargetProperties(entity, objectType, targets, input.listProperties);
  const read = { rows: 0, windows: 0 };
  let failure: { error: string; hint: string | null } | null = null;
  const source = connection.peoplesoft.sources[entity];
  try {
    if (!input.reader || !source) {
      throw new PreviewReadError(input.readerError ?? `no PeopleSoft source for ${entity}`);
    }
    const answers = readWindows(input.reader, source, input.window, MAX_PEOPLESOFT_REQUESTS);
    for await (const answer of answers) {
      read.windows += 1;
      read.rows += answer.rowCount;
      for (const rowError of answer.rowErrors) {
        tally.addUnreadable(`unreadable row ${rowError.rowNumber}: ${rowError.reason}`);
      }
      await classifyRows(input, mapper, tally, answer.rows);
    }
  } catch (error) {
    failure = describeFailure(error);
  }
  return report(await properties, read, failure?.error ?? null, failure?.hint ?? null);
}

async function classifyRows(
  input: EntityPreviewInput,
  mapper: RecordMapper,
  tally: PreviewTally,
  rows: readonly SourceRow[],
): Promise<void> {
  const employee = input.entity === 'employee';
  // The same employment record the poller takes (peoplesoft.sources.employee.primaryEmplRcd).
  const primary = input.connection.peoplesoft.sources.employee?.primaryEmplRcd;
  const { current, deferred } = employee
    ? selectCurrentEmployeeRows(rows, input.today, primary)
    : { current: rows, deferred: [] };
  for (const row of deferred) tally.addDeferred(row.sourceId, row.effectiveDate);
  const mapped: Array<{ result: MappingResult; rank: string }> = current.map((row) => {
    const result = mapper(row);
    const rank = employee
      ? currencyKeyOf(row, primary)
      : result.ok
        ? result.sourceUpdatedAt
        : String(row.LASTUPDDTTM ?? '');
    return { result, rank };
  });
  const ids = mapped.flatMap(({ result }) => (result.ok ? [result.sourceId] : []));
  const states = ids.length > 0 ? await input.states(input.entity, ids) : new Map();
  for (const { result, rank } of mapped) {
    tally.add(result, rank, result.sourceId === null ? undefined : states.get(result.sourceId));
  }
}

class PreviewReadError extends Error {}

function describeFailure(error: unknown): { error: string; hint: string | null } {
  if (error instanceof PeopleSoftError) {
    return { error: `PeopleSoft ${error.kind}: ${error.message}`, hint: error.hint };
  }
  if (error instanceof WindowTooLargeError) {
    return {
      error: error.message,
      hint: 'PATCH peoplesoft.sources with a larger maxRows, or preview a narrower window',
    };
  }
  if (error instanceof PreviewReadError) {
    return { error: error.message, hint: 'PATCH the connection with usable PeopleSoft settings' };
  }
  // Anything else is a fault of ours (the database, say): its details stay out of the answer.
  throw error;
}

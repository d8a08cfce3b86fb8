import { json, queryError, SimResponse } from './ib-responses';
import { PeopleSoftDataset } from './peoplesoft-dataset';
import { parsePsDate, parsePsTimestamp } from './ps-time';
import { QUERY_CATALOG, QueryDefinition, QueryWindow } from './query-catalog';
import { employeeRow, RowStyle, withoutAliases } from './query-rows';

export interface ExecuteQueryRequest {
  readonly visibility: 'public' | 'private';
  readonly queryName: string;
  readonly outputType: string;
  readonly fileMode: string;
  readonly params: URLSearchParams;
}

const DEFAULT_OPERATION_MAX_ROWS = 1000;

type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SimResponse };

function fail<T>(message: string): Parsed<T> {
  return { ok: false, error: queryError(message) };
}

/** Splits a prompt list, whether its commas arrived encoded (%2C) or not. */
function list(params: URLSearchParams, name: string): string[] {
  const raw = params.get(name);
  return raw === null || raw === '' ? [] : raw.split(',').map((item) => item.trim());
}

function maxRowsOf(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value > 0 ? value : undefined;
}

/**
 * The Query Access Service (QAS_EXECUTEQRY_REST_GET) and the custom ML_EMPL_CHANGES operation.
 * Validation is strict on purpose: a lenient simulator would hide client bugs.
 */
export class QueryService {
  constructor(
    private readonly dataset: PeopleSoftDataset,
    private readonly style: RowStyle,
    private readonly privateQueries: ReadonlySet<string>,
  ) {}

  execute(request: ExecuteQueryRequest): SimResponse {
    const definition = QUERY_CATALOG.find((query) => query.name === request.queryName);
    const isPrivate = this.privateQueries.has(request.queryName);
    if (!definition || isPrivate !== (request.visibility === 'private')) {
      return queryError(
        `Query ${request.queryName} does not exist as a ${request.visibility} query or is not accessible to the user.`,
      );
    }
    if (request.outputType !== 'JSON') {
      return queryError(
        `Output type ${request.outputType} is not served by this simulator; use JSON.`,
      );
    }
    if (request.fileMode !== 'NONFILE') return queryError('Only NONFILE output is supported.');
    const connected = request.params.get('isconnectedquery');
    if (connected !== null && connected.toUpperCase() !== 'N') {
      return queryError(
        `${definition.name} is not a connected query (isconnectedquery must be N).`,
      );
    }
    const maxRows = maxRowsOf(request.params.get('maxrows'));
    if (maxRows === undefined)
      return queryError('maxrows is required and must be a positive integer.');
    const window = this.window(definition, request.params, maxRows);
    if (!window.ok) return window.error;
    const rows = definition.run(this.dataset, window.value, this.style);
    return json(200, {
      status: 'success',
      data: {
        query: {
          numrows: rows.length,
          'queryname=': definition.name,
          rows: rows.map((row, index) => ({ 'attr:rownumber': index + 1, ...row })),
        },
      },
    });
  }

  /** Custom operation ML_EMPL_CHANGES.v1, URI template changes/{from}/{to}?maxrows={maxRows}. */
  changes(from: string, to: string, params: URLSearchParams): SimResponse {
    const fromMs = parsePsTimestamp(from);
    const toMs = parsePsTimestamp(to);
    if (fromMs === undefined || toMs === undefined) {
      return queryError('from and to must be timestamps like 2026-11-27-00.00.00.000000.');
    }
    const rawMax = params.get('maxrows');
    const maxRows = rawMax === null ? DEFAULT_OPERATION_MAX_ROWS : maxRowsOf(rawMax);
    if (maxRows === undefined) return queryError('maxrows must be a positive integer.');
    const employees = this.dataset.employees;
    const rows = employees
      .windowRows({ fromMs, toMs, nowMs: this.dataset.clock.nowMs(), limit: maxRows })
      .map((row) => withoutAliases(employeeRow(employees, row, this.style)));
    return json(200, { rows });
  }

  private window(
    definition: QueryDefinition,
    params: URLSearchParams,
    maxRows: number,
  ): Parsed<QueryWindow> {
    const names = list(params, 'prompt_uniquepromptname');
    const values = list(params, 'prompt_fieldvalue');
    if (names.length !== values.length) {
      return fail(
        `prompt_uniquepromptname lists ${names.length} prompts but prompt_fieldvalue has ${values.length} values.`,
      );
    }
    const prompts = new Map(names.map((name, i) => [name, values[i] ?? '']));
    const known = [...definition.windowPrompts, ...(definition.effdtPrompts ?? [])];
    const unknown = names.filter((name) => !known.includes(name));
    if (unknown.length > 0)
      return fail(`Invalid prompt name(s) ${unknown.join(', ')} for query ${definition.name}.`);
    const [fromName, toName] = definition.windowPrompts;
    const fromMs = parsePsTimestamp(prompts.get(fromName) ?? '');
    const toMs = parsePsTimestamp(prompts.get(toName) ?? '');
    if (fromMs === undefined || toMs === undefined) {
      return fail(`Prompts ${fromName} and ${toName} are required, as YYYY-MM-DD-HH.MM.SS.ffffff.`);
    }
    const window = { fromMs, toMs, nowMs: this.dataset.clock.nowMs(), maxRows };
    if (!definition.effdtPrompts) return { ok: true, value: window };
    const [effFromName, effToName] = definition.effdtPrompts;
    if (!prompts.has(effFromName) && !prompts.has(effToName)) return { ok: true, value: window };
    const effFrom = parsePsDate(prompts.get(effFromName) ?? '');
    const effTo = parsePsDate(prompts.get(effToName) ?? '');
    if (effFrom === undefined || effTo === undefined) {
      return fail(`Prompts ${effFromName} and ${effToName} go together, as YYYY-MM-DD.`);
    }
    return { ok: true, value: { ...window, effFrom, effTo } };
  }
}

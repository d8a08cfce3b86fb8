import {
  DEFAULT_PATH_PREFIX,
  FetchWindow,
  OperationSource,
  PeopleSoftSettings,
  QuerySource,
} from './peoplesoft-settings';
import { normalisePeopleSoftTimestamp, tryParsePeopleSoftDate } from './peoplesoft-timestamp';

export const QAS_ALIAS = 'ExecuteQuery.v1';

/** `{scheme}://{host}:{port}{pathPrefix}/{NODE}`, the root every provider REST service hangs off. */
export function nodeBaseUrl(settings: PeopleSoftSettings): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const prefix = (settings.pathPrefix ?? DEFAULT_PATH_PREFIX).replace(/\/+$/, '');
  const withSlash = prefix === '' || prefix.startsWith('/') ? prefix : `/${prefix}`;
  return `${settings.scheme}://${host}:${settings.port}${withSlash}/${encodeURIComponent(settings.node)}`;
}

function windowTimestamp(name: string, value: string): string {
  try {
    return normalisePeopleSoftTimestamp(value);
  } catch {
    throw new RangeError(
      `window.${name} must be a PeopleSoft timestamp (YYYY-MM-DD-HH.MM.SS.ffffff)`,
    );
  }
}

function windowDate(name: string, value: string): string {
  if (tryParsePeopleSoftDate(value) === undefined) {
    throw new RangeError(`window.${name} must be a PeopleSoft date (YYYY-MM-DD)`);
  }
  return value.trim();
}

function checkMaxRows(maxRows: number): void {
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  }
}

/**
 * Prompt lists travel as one comma-separated parameter each. Items are percent-encoded but the
 * separating commas are not, the way the public QAS clients send them; an item that itself holds
 * a comma could not be told apart from two items, so it is refused.
 */
function promptList(items: readonly string[]): string {
  return items
    .map((item) => {
      if (item.includes(',')) throw new RangeError(`prompt item "${item}" contains a comma`);
      return encodeURIComponent(item);
    })
    .join(',');
}

/**
 * QAS_EXECUTEQRY_REST_GET:
 * `.../ExecuteQuery.v1/{PUBLIC|PRIVATE}/{QUERY}/JSON/NONFILE?isconnectedquery=N&maxrows=..
 * &prompt_uniquepromptname=..&prompt_fieldvalue=..&json_resp=true`.
 */
export function buildQueryUrl(
  settings: PeopleSoftSettings,
  source: QuerySource,
  window: FetchWindow,
): string {
  checkMaxRows(source.maxRows);
  if (source.queryName.trim() === '') throw new RangeError('queryName is empty');
  const names = [source.fromPrompt, source.toPrompt];
  const values = [windowTimestamp('from', window.from), windowTimestamp('to', window.to)];
  const effective = source.effectiveDatePrompts;
  if (effective && (window.effectiveFrom !== undefined || window.effectiveTo !== undefined)) {
    if (window.effectiveFrom === undefined || window.effectiveTo === undefined) {
      throw new RangeError('window.effectiveFrom and window.effectiveTo go together');
    }
    names.push(effective.fromPrompt, effective.toPrompt);
    values.push(
      windowDate('effectiveFrom', window.effectiveFrom),
      windowDate('effectiveTo', window.effectiveTo),
    );
  }
  const owner = source.visibility === 'private' ? 'PRIVATE' : 'PUBLIC';
  const path = `${QAS_ALIAS}/${owner}/${encodeURIComponent(source.queryName)}/JSON/NONFILE`;
  const query =
    `isconnectedquery=N&maxrows=${source.maxRows}` +
    `&prompt_uniquepromptname=${promptList(names)}` +
    `&prompt_fieldvalue=${promptList(values)}` +
    '&json_resp=true';
  return `${nodeBaseUrl(settings)}/${path}?${query}`;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** A custom provider operation: `{from}`, `{to}` and `{maxRows}` filled into its URI template. */
export function buildOperationUrl(
  settings: PeopleSoftSettings,
  source: OperationSource,
  window: FetchWindow,
): string {
  checkMaxRows(source.maxRows);
  const values: Record<string, string> = {
    from: windowTimestamp('from', window.from),
    to: windowTimestamp('to', window.to),
    maxRows: String(source.maxRows),
  };
  if (window.effectiveFrom !== undefined) values['effectiveFrom'] = window.effectiveFrom;
  if (window.effectiveTo !== undefined) values['effectiveTo'] = window.effectiveTo;
  const filled = source.uriTemplate.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new RangeError(
        `uriTemplate placeholder {${name}} is unknown; use {from}, {to}, {maxRows}` +
          ' (and {effectiveFrom}/{effectiveTo} when the window carries them)',
      );
    }
    return encodeURIComponent(value);
  });
  return `${nodeBaseUrl(settings)}/${encodeURIComponent(source.alias)}/${filled.replace(/^\/+/, '')}`;
}

import { PeopleSoftDataset } from './peoplesoft-dataset';
import { customerRow, employeeRow, QueryRow, RowStyle, vendorRow } from './query-rows';

/** A window already validated and converted to PeopleSoft's naive time. */
export interface QueryWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly effFrom?: number;
  readonly effTo?: number;
  readonly nowMs: number;
  readonly maxRows: number;
}

export interface QueryDefinition {
  readonly name: string;
  /** Prompt names accepted as FROM/TO timestamps on LASTUPDDTTM. */
  readonly windowPrompts: readonly [string, string];
  /** An optional second pair of date prompts on EFFDT (only ML_EMPLOYEES has one). */
  readonly effdtPrompts?: readonly [string, string];
  run(dataset: PeopleSoftDataset, window: QueryWindow, style: RowStyle): QueryRow[];
}

/**
 * The three queries the customer builds from our instructions. ML_EMPLOYEES returns a JOB row
 * when LASTUPDDTTM is in [FROM_DTTM, TO_DTTM], or, when EFFDT_FROM/EFFDT_TO are given, also
 * when its EFFDT is in [EFFDT_FROM, EFFDT_TO]: that second arm catches rows keyed earlier that
 * take effect now (future-dated terminations).
 */
export const QUERY_CATALOG: readonly QueryDefinition[] = [
  {
    name: 'ML_EMPLOYEES',
    windowPrompts: ['FROM_DTTM', 'TO_DTTM'],
    effdtPrompts: ['EFFDT_FROM', 'EFFDT_TO'],
    run: (dataset, window, style) =>
      dataset.employees
        .windowRows({ ...window, limit: window.maxRows })
        .map((row) => employeeRow(dataset.employees, row, style)),
  },
  {
    name: 'ML_VENDORS',
    windowPrompts: ['FROM_DTTM', 'TO_DTTM'],
    run: (dataset, window) =>
      dataset.vendors
        .window(window.fromMs, window.toMs, window.nowMs, window.maxRows)
        .map(vendorRow),
  },
  {
    name: 'ML_CUSTOMERS',
    windowPrompts: ['FROM_DTTM', 'TO_DTTM'],
    run: (dataset, window) =>
      dataset.customers
        .window(window.fromMs, window.toMs, window.nowMs, window.maxRows)
        .map(customerRow),
  },
];

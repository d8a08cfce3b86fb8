import { parsePsDate } from './ps-time';

/** An effective-dated description, like DEPT_TBL.DESCR or JOBCODE_TBL.DESCR. */
export interface DescribedCode {
  readonly code: string;
  readonly history: readonly { readonly effdt: number; readonly descr: string }[];
}

function described(code: string, ...history: [string, string][]): DescribedCode {
  return {
    code,
    history: history.map(([effdt, descr]) => ({ effdt: parsePsDate(effdt) ?? 0, descr })),
  };
}

export const DEPARTMENTS: readonly DescribedCode[] = [
  described('10000', ['1990-01-01', 'Human Resources']),
  described('10100', ['1990-01-01', 'Payroll']),
  described('20000', ['1990-01-01', 'Sales'], ['2024-01-01', 'Sales & Marketing']),
  described('21000', ['1990-01-01', 'Customer Success']),
  described('30000', ['1990-01-01', 'Engineering'], ['2025-07-01', 'Product Engineering']),
  described('31000', ['1990-01-01', 'IT Operations']),
  described('40000', ['1990-01-01', 'Finance']),
  described('41000', ['1990-01-01', 'Procurement']),
  described('50000', ['1990-01-01', 'Legal & Compliance']),
  described('60000', ['1990-01-01', 'Facilities']),
];

export const JOBCODES: readonly DescribedCode[] = [
  described('100010', ['1990-01-01', 'Analyst']),
  described('100020', ['1990-01-01', 'Senior Analyst']),
  described('200010', ['1990-01-01', 'Software Engineer']),
  described('200020', ['1990-01-01', 'Senior Software Engineer']),
  described('300010', ['1990-01-01', 'Account Executive']),
  described('300020', ['1990-01-01', 'Sales Manager'], ['2023-04-01', 'Regional Sales Manager']),
  described('400010', ['1990-01-01', 'Accountant']),
  described('500010', ['1990-01-01', 'HR Generalist']),
  described('600010', ['1990-01-01', 'Director']),
  described('700010', ['1990-01-01', 'Administrative Assistant']),
];

export const LOCATIONS: readonly string[] = ['NYC01', 'CHI01', 'SFO01', 'TOR01', 'LON01', 'BER01'];

/** The description effective on a date: greatest EFFDT <= the date. */
export function descrOn(code: DescribedCode, day: number): string {
  let descr = code.history[0]?.descr ?? '';
  for (const entry of code.history) if (entry.effdt <= day) descr = entry.descr;
  return descr;
}

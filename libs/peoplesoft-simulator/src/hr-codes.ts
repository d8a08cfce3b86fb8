/** Codes of the delivered JOB actions and statuses the generator uses. */
export const ACTIONS = [
  'HIR',
  'REH',
  'XFR',
  'PRO',
  'PAY',
  'DTA',
  'LOA',
  'RFL',
  'TER',
  'RET',
] as const;
export type JobAction = (typeof ACTIONS)[number];

export const EMPL_STATUSES = ['A', 'L', 'P', 'S', 'W', 'T', 'U', 'V', 'R', 'Q', 'X', 'D'] as const;
export type EmplStatus = (typeof EMPL_STATUSES)[number];

const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['A', 'L', 'P', 'S', 'W']);

/** HR_STATUS follows EMPL_STATUS: anyone still on the books is active. */
export function hrStatusOf(emplStatus: string): 'A' | 'I' {
  return ACTIVE_STATUSES.has(emplStatus) ? 'A' : 'I';
}

export function actionCode(action: JobAction): number {
  return ACTIONS.indexOf(action);
}

export function statusCode(status: EmplStatus): number {
  return EMPL_STATUSES.indexOf(status);
}

export function isEmplStatus(value: string): value is EmplStatus {
  return (EMPL_STATUSES as readonly string[]).includes(value);
}

/** How a figure compares with its target: at least, at most, or exactly zero. */
export type TargetKind = 'min' | 'max' | 'zero';

export interface Target {
  readonly kind: TargetKind;
  readonly value: number;
}

export interface Reference {
  /** What was measured as the same-run reference, e.g. "JSON.parse/stringify of the same rows". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** One line of the results table and of latest.json. */
export interface ResultRow {
  readonly benchmark: string;
  readonly figure: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target: Target | null;
  /** value / target (null without a numeric target, or when the target is zero). */
  readonly ratioToTarget: number | null;
  /** True when the value meets the target; null without a target or a value. */
  readonly meetsTarget: boolean | null;
  readonly reference: Reference | null;
  /** value / reference value: the noise of a shared machine mostly cancels out in it. */
  readonly ratioToReference: number | null;
  readonly note: string;
}

export interface RowInput {
  readonly figure: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target?: Target;
  readonly reference?: Reference;
  readonly note?: string;
}

export const atLeast = (value: number): Target => ({ kind: 'min', value });
export const atMost = (value: number): Target => ({ kind: 'max', value });
export const zero: Target = { kind: 'zero', value: 0 };

export function resultRow(benchmark: string, input: RowInput): ResultRow {
  const { value, target, reference } = input;
  const ratio = (a: number | null, b: number | undefined) =>
    a === null || b === undefined || b === 0 || !Number.isFinite(a) ? null : a / b;
  return {
    benchmark,
    figure: input.figure,
    value,
    unit: input.unit,
    target: target ?? null,
    ratioToTarget: ratio(value, target?.value),
    meetsTarget: target && value !== null ? meets(target, value) : null,
    reference: reference ?? null,
    ratioToReference: ratio(value, reference?.value),
    note: input.note ?? '',
  };
}

function meets(target: Target, value: number): boolean {
  if (target.kind === 'min') return value >= target.value;
  if (target.kind === 'max') return value <= target.value;
  return value === 0;
}

/** A row for a benchmark whose setup failed: no value, the reason as the note. */
export function failedRow(benchmark: string, error: unknown): ResultRow {
  const message = error instanceof Error ? error.message : String(error);
  return resultRow(benchmark, {
    figure: 'setup failed',
    value: null,
    unit: '',
    note: message.split('\n')[0]?.slice(0, 300) ?? '',
  });
}

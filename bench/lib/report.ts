import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { ResultRow, Target } from './result-row';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMb: number;
  readonly freeMemoryMb: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd?: readonly number[];
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1_048_576),
    freeMemoryMb: Math.round(freemem() / 1_048_576),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
    date: new Date().toISOString(),
  };
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly mode: 'full' | 'quick';
  readonly sizes: object;
  readonly durationsSeconds: Record<string, number>;
  readonly rows: readonly ResultRow[];
}

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}

const HEADERS = ['figure', 'value', 'unit', 'target', 'ratio to target', 'reference / notes'];

/** The results as a Markdown table, readable on a terminal and pasteable into docs. */
export function renderTable(rows: readonly ResultRow[]): string {
  const cells = rows.map((r) => [
    `${r.benchmark}: ${r.figure}`,
    formatNumber(r.value),
    r.unit,
    formatTarget(r.target),
    formatRatio(r),
    formatNotes(r),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...cells.map((c) => line(c))].join(
    '\n',
  );
}

function formatTarget(target: Target | null): string {
  if (!target) return '';
  if (target.kind === 'zero') return '0';
  return `${target.kind === 'min' ? '>=' : '<='} ${formatNumber(target.value)}`;
}

function formatRatio(r: ResultRow): string {
  const verdict = r.meetsTarget === null ? '' : r.meetsTarget ? ' ok' : ' MISS';
  if (r.ratioToTarget === null) return verdict.trim();
  return `${formatRatioValue(r.ratioToTarget)}${verdict}`;
}

function formatNotes(r: ResultRow): string {
  const parts: string[] = [];
  if (r.reference && r.ratioToReference !== null) {
    parts.push(
      `${formatRatioValue(r.ratioToReference)}x of ${r.reference.name} ` +
        `(${formatNumber(r.reference.value)} ${r.reference.unit})`,
    );
  }
  if (r.note) parts.push(r.note);
  return parts.join('; ');
}

function formatRatioValue(ratio: number): string {
  return ratio !== 0 && Math.abs(ratio) < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2);
}

export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return value === null ? 'n/a' : String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 100)
    return Math.round(value).toLocaleString('en-US');
  return String(round(value, Math.abs(value) >= 10 ? 1 : 3));
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

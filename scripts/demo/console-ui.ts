/**
 * Plain-terminal output: no colours, ASCII only, so it reads the same in a terminal, a CI log
 * or a pipe. The progress bar redraws in place on a TTY and prints a line now and then elsewhere.
 */
const out = process.stdout;
const interactive = out.isTTY === true;

export function say(text = ''): void {
  clearBar();
  out.write(`${text}\n`);
}

export function heading(text: string): void {
  say();
  say(`== ${text}`);
}

export function step(text: string): void {
  say(`-> ${text}`);
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Shows a secret's last four characters only. */
export function mask(secret: string): string {
  return `****${secret.slice(-4)}`;
}

/** A URL with its password (if any) masked, for showing where the demo connects. */
export function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}

/** `label ........ value` rows with the values lined up. */
export function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) say(`${indent}${label.padEnd(width)}  ${value}`);
}

let barShown = false;
let lastPlainAt = 0;

/** Draws `[#####-----] done/total  detail`; total 0 means "not known yet". */
export function progress(done: number, total: number, detail: string, force = false): void {
  const width = 30;
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const count = total > 0 ? `${fmt(done)}/${fmt(total)}` : `${fmt(done)}/?`;
  const line = `  ${bar} ${count.padStart(13)}  ${detail}`;
  if (interactive) {
    out.write(`\r${line.slice(0, (out.columns ?? 120) - 1)}\x1b[K`);
    barShown = true;
    return;
  }
  const now = Date.now();
  if (force || now - lastPlainAt >= 2000) {
    lastPlainAt = now;
    out.write(`${line}\n`);
  }
}

export function endProgress(): void {
  if (barShown) out.write('\n');
  barShown = false;
}

function clearBar(): void {
  if (barShown) {
    out.write('\r\x1b[K');
    barShown = false;
  }
}

/** An error's message; the first cause of an AggregateError (what a refused connect throws). */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorText(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

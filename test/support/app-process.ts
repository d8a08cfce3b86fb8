import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export type AppName = 'api' | 'poller' | 'writer';

/**
 * The build this compiled file belongs to (dist/, or any other outDir): the apps started are
 * always the ones compiled with the test that starts them.
 */
export const BUILD_ROOT = join(__dirname, '..', '..');

export interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then wait for a clean exit; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: the crash a real pod can suffer at any instant. */
  kill(): Promise<void>;
}

/**
 * Node flags each app runs with in production (docker/entrypoint.sh): the poller's heap is capped
 * so V8 collects its per-window garbage instead of growing towards a limit sized from the host's
 * memory (see docs/benchmarks.md, poller-load).
 */
const NODE_FLAGS: Readonly<Partial<Record<AppName, readonly string[]>>> = {
  poller: ['--max-old-space-size=256'],
};

/** Starts one of the three apps from the build, as a separate process, like production. */
export function startApp(app: AppName, env: NodeJS.ProcessEnv, label: string = app): AppProcess {
  const main = join(BUILD_ROOT, 'apps', app, 'src', 'main.js');
  const child = spawn(process.execPath, [...(NODE_FLAGS[app] ?? []), main], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > 2_000_000) text = text.slice(-1_000_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  return {
    name: label,
    child,
    output: () => text,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null) {
          throw new Error(
            `${label} exited (${child.exitCode}) before printing ${pattern}:\n${text.slice(-3000)}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${label} did not print ${pattern} within ${timeoutMs} ms:\n${text.slice(-3000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

/** The build this file was compiled into (dist/ or any other outDir): scripts/demo/ is two down. */
export const BUILD_ROOT = join(__dirname, '..', '..');

export type AppName = 'api' | 'poller' | 'writer';

export interface ChildApp {
  readonly name: AppName;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  readonly exited: Promise<number | string>;
  /** The last lines the app printed, for an error message. */
  tail(lines?: number): string;
}

/**
 * Starts one app from this build as its own process, logging to a file. It gets a process group
 * of its own, so Ctrl-C in the terminal reaches only the demo, which then stops the apps in
 * order with SIGTERM (an app that got SIGINT from the terminal and SIGTERM from the demo would
 * take the second signal as "exit now").
 */
export function startApp(name: AppName, env: NodeJS.ProcessEnv, logDir: string): ChildApp {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(BUILD_ROOT, 'apps', name, 'src', 'main.js')], {
    env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    name,
    child,
    logFile,
    exited,
    tail: (lines = 8) => {
      try {
        const text = readFileSync(logFile, 'utf8').trimEnd();
        return text.split('\n').slice(-lines).map(readableLogLine).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
}

/** A JSON log line as `  level context: message` (first 300 characters); other lines as they are. */
function readableLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; context?: string; msg?: string };
    if (typeof entry.msg !== 'string') return `  ${line}`;
    const where = entry.context ? ` ${entry.context}:` : '';
    return `  ${entry.level ?? 'log'}${where} ${entry.msg.split('\n')[0]?.slice(0, 300)}`;
  } catch {
    return `  ${line}`;
  }
}

/** SIGTERM to every app, a grace period, then SIGKILL for whatever is still running. */
export async function stopApps(
  apps: readonly ChildApp[],
  graceMs: number,
): Promise<Array<{ name: AppName; result: number | string; killed: boolean }>> {
  const running = apps.filter((app) => app.child.exitCode === null && !app.child.signalCode);
  for (const app of running) app.child.kill('SIGTERM');
  return Promise.all(
    apps.map(async (app) => {
      if (!running.includes(app))
        return { name: app.name, result: await app.exited, killed: false };
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        app.child.kill('SIGKILL');
      }, graceMs);
      const result = await app.exited;
      clearTimeout(timer);
      return { name: app.name, result, killed };
    }),
  );
}

/** Last resort when the demo itself dies: no app may outlive it holding the ports. */
export function killAppsNow(apps: readonly ChildApp[]): void {
  for (const app of apps) {
    if (app.child.exitCode === null && !app.child.signalCode) app.child.kill('SIGKILL');
  }
}

/** Throws a clear error when something already listens on the port. */
export async function assertPortFree(port: number, what: string, flag: string): Promise<void> {
  const server = createServer();
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    server.once('error', resolve);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  if (!error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return;
  }
  const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code})`;
  throw new Error(
    `port ${port} for the ${what} ${why}: stop what holds it (is another demo running?) ` +
      `or pick another with ${flag} N`,
  );
}

/** A port free right now on 127.0.0.1, for an app's health endpoint. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port was assigned');
  return address.port;
}

/** True when a TCP connection to host:port opens within the timeout. */
export function canConnect(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * Waits until GET url answers 200, failing early (with the app's last log lines) when the app
 * exits first.
 */
export async function waitUntilReady(
  app: ChildApp,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void app.exited.then((result) => (exited = result));
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`the ${app.name} exited (${exited}) while starting:\n${app.tail()}`);
    }
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (answer.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`the ${app.name} was not ready within ${timeoutMs / 1000} s:\n${app.tail()}`);
    }
    await sleep(250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

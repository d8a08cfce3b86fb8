import type { AppProcess } from '@ml/testing';

/** Waits until a poller or writer answers 200 on /health/ready on its ops port. */
export async function waitReady(app: AppProcess, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) {
      throw new Error(
        `${app.name} exited (${app.child.exitCode}) while starting:\n${app.output().slice(-2000)}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return;
      last = `${response.status} ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${app.name} was not ready within ${timeoutMs} ms (last: ${last}):\n${app.output().slice(-2000)}`,
  );
}

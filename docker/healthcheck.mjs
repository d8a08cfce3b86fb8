// The image's HEALTHCHECK, for every app it runs: finds which app is PID 1 (the entrypoint execs
// it) and asks that app's readiness endpoint: the api on API_PORT, the poller and the writer on
// HEALTH_PORT (defaults 9091 and 9092 when unset). Healthy means Postgres and RabbitMQ answer.
// The one-shot migrate and the simulators have nothing to report and count as healthy.
import { readFileSync } from 'node:fs';

const DEFAULT_HEALTH_PORT = { poller: 9091, writer: 9092 };

function app() {
  try {
    const cmdline = readFileSync('/proc/1/cmdline', 'utf8').split('\0').join(' ');
    return /dist\/apps\/(api|poller|writer)\//.exec(cmdline)?.[1];
  } catch {
    return undefined;
  }
}

const name = app();
const port =
  name === 'api'
    ? Number(process.env.API_PORT || 3000)
    : name
      ? Number(process.env.HEALTH_PORT || DEFAULT_HEALTH_PORT[name])
      : 0;
if (!port) process.exit(0);

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);

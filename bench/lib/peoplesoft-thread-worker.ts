import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  PeopleSoftSimulator,
  type PeopleSoftSimulatorOptions,
  type RequestCounterSnapshot,
} from '@ml/peoplesoft-simulator';
import { changeEmployees } from './employee-changes';
import { makeEmailsUnique } from './unique-emails';

/**
 * What the bench process may ask of the PeopleSoft simulator on its thread. Each is one message
 * each way: whatever walks the whole population runs here, not as one round trip per person.
 */
export interface PeopleSoftThreadOperations {
  /** Listens on 127.0.0.1 and returns the base URL. */
  start(): string;
  stop(): void;
  /** Distinct people (EMPLIDs) with a row in force: one HubSpot contact (or rejection) each. */
  distinctEmployees(): number;
  /** See makeEmailsUnique: returns how many people got an address of their own. */
  makeEmailsUnique(): number;
  /** See changeEmployees: returns the EMPLIDs changed. */
  changeEmployees(count: number): string[];
  counterSnapshot(): RequestCounterSnapshot;
}

export type PeopleSoftThreadOperation = keyof PeopleSoftThreadOperations;

export interface PeopleSoftThreadRequest {
  readonly id: number;
  readonly operation: PeopleSoftThreadOperation;
  readonly args: readonly unknown[];
}

export type PeopleSoftThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

type Handlers = {
  readonly [K in PeopleSoftThreadOperation]: (
    ...args: Parameters<PeopleSoftThreadOperations[K]>
  ) =>
    ReturnType<PeopleSoftThreadOperations[K]> | Promise<ReturnType<PeopleSoftThreadOperations[K]>>;
};

function handlersFor(simulator: PeopleSoftSimulator): Handlers {
  return {
    start: () => simulator.start(),
    stop: () => simulator.stop(),
    distinctEmployees: () => new Set(simulator.employees().map((e) => e.emplid)).size,
    makeEmailsUnique: () => makeEmailsUnique(simulator),
    changeEmployees: (count) => changeEmployees(simulator, count),
    counterSnapshot: () => simulator.counterSnapshot(),
  };
}

/**
 * Builds the simulator (the dataset is generated here, off the bench's thread) and answers the
 * bench's requests in the order they arrive. A failed request is answered with its error; a
 * failure outside any request (the simulator could not be built) ends the thread, and the
 * handle rejects what is pending with it.
 */
function serve(port: MessagePort, options: PeopleSoftSimulatorOptions): void {
  const handlers = handlersFor(new PeopleSoftSimulator(options));
  port.on('message', (request: PeopleSoftThreadRequest) => void answer(port, handlers, request));
}

async function answer(
  port: MessagePort,
  handlers: Handlers,
  { id, operation, args }: PeopleSoftThreadRequest,
): Promise<void> {
  try {
    const handler = handlers[operation] as ((...args: readonly unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`no such operation: ${String(operation)}`);
    const reply: PeopleSoftThreadReply = { id, ok: true, value: await handler(...args) };
    // Inside the try: a value that cannot be cloned is answered as an error, not lost.
    port.postMessage(reply);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({ id, ok: false, error: message } satisfies PeopleSoftThreadReply);
  }
}

if (!parentPort) throw new Error('peoplesoft-thread-worker only runs as a worker thread');
serve(parentPort, workerData as PeopleSoftSimulatorOptions);

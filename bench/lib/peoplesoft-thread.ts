import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PeopleSoftSimulatorOptions, RequestCounterSnapshot } from '@ml/peoplesoft-simulator';
import type {
  PeopleSoftThreadOperation,
  PeopleSoftThreadOperations,
  PeopleSoftThreadReply,
  PeopleSoftThreadRequest,
} from './peoplesoft-thread-worker';

/** Compiled beside this module: the bench runs from a build directory, never from sources. */
const WORKER_FILE = join(__dirname, 'peoplesoft-thread-worker.js');
/** A clean close takes milliseconds; past this the thread is terminated all the same. */
const STOP_GRACE_MS = 5_000;

interface Pending {
  readonly operation: PeopleSoftThreadOperation;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The PeopleSoft simulator on a worker thread of its own. Building a 5,000-row answer blocks
 * the loop that serves it for hundreds of milliseconds; on the bench's thread that stalled the
 * HubSpot simulator too, which then saw requests bunched and counted a rolling 10 s the
 * writers never sent. Real PeopleSoft and HubSpot are separate servers: so are these now.
 * Always stop(): it terminates the thread whatever state it is in.
 */
export class PeopleSoftThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Why no call can be answered any more, once the thread failed or was stopped. */
  private ended: string | undefined;

  constructor(options: PeopleSoftSimulatorOptions) {
    this.worker = new Worker(WORKER_FILE, { workerData: options });
    // Only a pending call keeps the process alive: a forgotten stop() never hangs an exit.
    this.worker.unref();
    this.worker.on('message', (reply: PeopleSoftThreadReply) => this.settle(reply));
    this.worker.on('error', (error) => this.end(`failed: ${error.message}`));
    this.worker.on('messageerror', (error) => this.end(`sent an unreadable message: ${error}`));
    this.worker.on('exit', (code) => this.end(`exited with code ${code}`));
  }

  /** Builds the dataset if not done yet, listens on 127.0.0.1, resolves to the base URL. */
  start(): Promise<string> {
    return this.call('start');
  }

  /** Closes the server, then terminates the thread (at once if it does not answer in time). */
  async stop(): Promise<void> {
    if (this.ended === undefined) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
      await Promise.race([this.call('stop').catch(() => undefined), grace]);
      clearTimeout(timer);
      this.end('was stopped');
    }
    await this.worker.terminate();
  }

  distinctEmployees(): Promise<number> {
    return this.call('distinctEmployees');
  }

  makeEmailsUnique(): Promise<number> {
    return this.call('makeEmailsUnique');
  }

  changeEmployees(count: number): Promise<string[]> {
    return this.call('changeEmployees', count);
  }

  counterSnapshot(): Promise<RequestCounterSnapshot> {
    return this.call('counterSnapshot');
  }

  private call<K extends PeopleSoftThreadOperation>(
    operation: K,
    ...args: Parameters<PeopleSoftThreadOperations[K]>
  ): Promise<ReturnType<PeopleSoftThreadOperations[K]>> {
    if (this.ended !== undefined) {
      return Promise.reject(new Error(`PeopleSoft simulator thread ${this.ended} (${operation})`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        operation,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, operation, args } satisfies PeopleSoftThreadRequest);
    });
  }

  private settle(reply: PeopleSoftThreadReply): void {
    const call = this.take(reply.id);
    if (!call) return;
    if (reply.ok) call.resolve(reply.value);
    else call.reject(new Error(`PeopleSoft simulator thread, ${call.operation}: ${reply.error}`));
  }

  /** The first reason wins: an error is followed by an exit that says less. */
  private end(reason: string): void {
    this.ended ??= reason;
    for (const id of [...this.pending.keys()]) {
      const call = this.take(id);
      call?.reject(new Error(`PeopleSoft simulator thread ${this.ended} (${call.operation})`));
    }
  }

  private take(id: number): Pending | undefined {
    const call = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return call;
  }
}

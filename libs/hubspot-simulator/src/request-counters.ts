import { RollingWindow } from './rolling-window';

export interface SimCounters {
  /** Every API request seen, whatever the answer (401s and 429s included). */
  totalRequests: number;
  requestsByStatus: Record<string, number>;
  /** Admitted requests per operation (`list-objects`, `batch-upsert`, ...): reads vs writes. */
  requestsByOperation: Record<string, number>;
  rateLimited: number;
  /** The most API requests that arrived within any rolling ten seconds. */
  maxRequestsInAnyRolling10s: number;
  objectsCreated: number;
  objectsUpdated: number;
}

export class RequestCounters {
  private readonly seen = new RollingWindow(10_000);
  private counters: SimCounters = RequestCounters.empty();

  private static empty(): SimCounters {
    return {
      totalRequests: 0,
      requestsByStatus: {},
      requestsByOperation: {},
      rateLimited: 0,
      maxRequestsInAnyRolling10s: 0,
      objectsCreated: 0,
      objectsUpdated: 0,
    };
  }

  arrived(now: number): void {
    this.counters.totalRequests += 1;
    const inWindow = this.seen.add(now);
    if (inWindow > this.counters.maxRequestsInAnyRolling10s) {
      this.counters.maxRequestsInAnyRolling10s = inWindow;
    }
  }

  answered(status: number): void {
    const key = String(status);
    this.counters.requestsByStatus[key] = (this.counters.requestsByStatus[key] ?? 0) + 1;
    if (status === 429) this.counters.rateLimited += 1;
  }

  operation(kind: string): void {
    const byOperation = this.counters.requestsByOperation;
    byOperation[kind] = (byOperation[kind] ?? 0) + 1;
  }

  /** A request held open by the hang fault: it may never be answered. */
  hung(): void {
    this.counters.requestsByStatus.hung = (this.counters.requestsByStatus.hung ?? 0) + 1;
  }

  wrote(created: number, updated: number): void {
    this.counters.objectsCreated += created;
    this.counters.objectsUpdated += updated;
  }

  snapshot(): SimCounters {
    return {
      ...this.counters,
      requestsByStatus: { ...this.counters.requestsByStatus },
      requestsByOperation: { ...this.counters.requestsByOperation },
    };
  }

  reset(): void {
    this.counters = RequestCounters.empty();
    this.seen.clear();
  }
}

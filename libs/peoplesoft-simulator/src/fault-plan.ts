import {
  gatewayContactError,
  ibError,
  IbErrorSpec,
  routingNotFound,
  SimResponse,
} from './ib-responses';
import {
  checkMalformedRows,
  checkRawAnswer,
  MalformedRows,
  RawAnswer,
  RowInjection,
} from './malformed-answers';
import { SimInputError } from './sim-input-error';

/** The body of `POST /__sim/faults`; every member is optional and only changes what it names. */
export interface FaultSettings {
  /** Added before every Integration Broker answer. */
  readonly latencyMs?: number;
  /** New rows become visible to queries this many seconds after their LASTUPDDTTM. */
  readonly lateCommitSeconds?: number;
  /** The next `count` requests get this IBResponse error (defaults: 158/10999, HTTP 200). */
  readonly ibErrors?: { readonly count: number } & Partial<IbErrorSpec>;
  /** The next `count` requests get the gateway contact error (158,10721). */
  readonly gatewayErrors?: { readonly count: number };
  /** The next `count` requests get the routing HTML page. */
  readonly routingErrors?: { readonly count: number };
  /** The next `count` requests hang: answered after `ms`, or never (until stop) without it. */
  readonly hangs?: { readonly count: number; readonly ms?: number };
  /**
   * Canned answers (status, content type, body) served instead of the Integration Broker's,
   * one per request, after any hang, gateway, routing or IBResponse fault. Appended to the queue.
   */
  readonly rawAnswers?: readonly RawAnswer[];
  /** Malformed rows spliced into the next successful JSON answers; replaces earlier ones. */
  readonly malformedRows?: MalformedRows | null;
  /** Clears everything first. */
  readonly reset?: boolean;
}

export type FaultAction =
  | { readonly kind: 'respond'; readonly response: SimResponse }
  | { readonly kind: 'hang'; readonly ms: number | undefined }
  | { readonly kind: 'none' };

export interface FaultStatus {
  readonly latencyMs: number;
  readonly lateCommitSeconds: number;
  readonly pendingIbErrors: number;
  readonly pendingGatewayErrors: number;
  readonly pendingRoutingErrors: number;
  readonly pendingHangs: number;
  readonly pendingRawAnswers: number;
  /** Answers still to get malformed rows; null when every answer does until reset. */
  readonly pendingMalformedRowAnswers: number | null;
}

function count(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0)
    throw new SimInputError(`${name} must be a non-negative integer`);
  return value;
}

/** Faults queued for upcoming Integration Broker requests, consumed one per request. */
export class FaultPlan {
  latencyMs = 0;
  lateCommitSeconds = 0;
  private ibErrors = 0;
  private ibErrorSpec: IbErrorSpec = {
    messageSet: 158,
    messageId: 10999,
    message: 'Simulated application error. (158,10999)',
  };
  private gatewayErrors = 0;
  private routingErrors = 0;
  private hangs = 0;
  private hangMs: number | undefined;
  private rawAnswers: SimResponse[] = [];
  private rowInjection: RowInjection | undefined;

  apply(settings: FaultSettings): FaultStatus {
    if (settings.reset) this.reset();
    if (settings.latencyMs !== undefined) this.latencyMs = count(settings.latencyMs, 'latencyMs');
    if (settings.lateCommitSeconds !== undefined) {
      this.lateCommitSeconds = count(settings.lateCommitSeconds, 'lateCommitSeconds');
    }
    if (settings.ibErrors) {
      this.ibErrors = count(settings.ibErrors.count, 'ibErrors.count');
      const { count: _count, ...spec } = settings.ibErrors;
      this.ibErrorSpec = { ...this.ibErrorSpec, ...spec };
    }
    if (settings.gatewayErrors)
      this.gatewayErrors = count(settings.gatewayErrors.count, 'gatewayErrors.count');
    if (settings.routingErrors)
      this.routingErrors = count(settings.routingErrors.count, 'routingErrors.count');
    if (settings.hangs) {
      this.hangs = count(settings.hangs.count, 'hangs.count');
      this.hangMs =
        settings.hangs.ms === undefined ? undefined : count(settings.hangs.ms, 'hangs.ms');
    }
    if (settings.rawAnswers !== undefined) {
      if (!Array.isArray(settings.rawAnswers)) throw new SimInputError('rawAnswers must be a list');
      const checked = settings.rawAnswers.map((answer, index) => checkRawAnswer(answer, index));
      this.rawAnswers.push(...checked);
    }
    if (settings.malformedRows === null) this.rowInjection = undefined;
    else if (settings.malformedRows !== undefined)
      this.rowInjection = checkMalformedRows(settings.malformedRows);
    return this.status();
  }

  /**
   * The malformed rows for a successful JSON answer of `target` (query name or operation alias),
   * if any are set; consumes one of their answers.
   */
  takeRowInjection(target: string | undefined): RowInjection | undefined {
    const injection = this.rowInjection;
    if (!injection) return undefined;
    if (injection.target !== undefined && injection.target !== target) return undefined;
    injection.remaining--;
    if (injection.remaining <= 0) this.rowInjection = undefined;
    return injection;
  }

  /** The fault for this request, if one is queued: hangs first, then gateway, routing, IB errors. */
  next(): FaultAction {
    if (this.hangs > 0) {
      this.hangs--;
      return { kind: 'hang', ms: this.hangMs };
    }
    if (this.gatewayErrors > 0) {
      this.gatewayErrors--;
      return { kind: 'respond', response: gatewayContactError() };
    }
    if (this.routingErrors > 0) {
      this.routingErrors--;
      return { kind: 'respond', response: routingNotFound() };
    }
    if (this.ibErrors > 0) {
      this.ibErrors--;
      return { kind: 'respond', response: ibError(this.ibErrorSpec) };
    }
    const raw = this.rawAnswers.shift();
    if (raw) return { kind: 'respond', response: raw };
    return { kind: 'none' };
  }

  status(): FaultStatus {
    return {
      latencyMs: this.latencyMs,
      lateCommitSeconds: this.lateCommitSeconds,
      pendingIbErrors: this.ibErrors,
      pendingGatewayErrors: this.gatewayErrors,
      pendingRoutingErrors: this.routingErrors,
      pendingHangs: this.hangs,
      pendingRawAnswers: this.rawAnswers.length,
      pendingMalformedRowAnswers: !this.rowInjection
        ? 0
        : Number.isFinite(this.rowInjection.remaining)
          ? this.rowInjection.remaining
          : null,
    };
  }

  private reset(): void {
    this.latencyMs = 0;
    this.lateCommitSeconds = 0;
    this.ibErrors = 0;
    this.gatewayErrors = 0;
    this.routingErrors = 0;
    this.hangs = 0;
    this.hangMs = undefined;
    this.rawAnswers = [];
    this.rowInjection = undefined;
  }
}

/** What the simulator has been asked, for tests and the demo to assert on. */
export interface RequestCounterSnapshot {
  readonly total: number;
  readonly integrationBroker: number;
  readonly byServiceOperation: Readonly<Record<string, number>>;
  readonly byQuery: Readonly<Record<string, number>>;
  readonly unauthorized: number;
  readonly errorAnswers: number;
  readonly faultsInjected: number;
  readonly tokenRequests: number;
  readonly tokensIssued: number;
}

export class RequestCounters {
  total = 0;
  integrationBroker = 0;
  unauthorized = 0;
  errorAnswers = 0;
  faultsInjected = 0;
  tokenRequests = 0;
  tokensIssued = 0;
  private readonly byServiceOperation = new Map<string, number>();
  private readonly byQuery = new Map<string, number>();

  countOperation(serviceOperation: string): void {
    this.byServiceOperation.set(
      serviceOperation,
      (this.byServiceOperation.get(serviceOperation) ?? 0) + 1,
    );
  }

  countQuery(queryName: string): void {
    this.byQuery.set(queryName, (this.byQuery.get(queryName) ?? 0) + 1);
  }

  snapshot(): RequestCounterSnapshot {
    return {
      total: this.total,
      integrationBroker: this.integrationBroker,
      byServiceOperation: Object.fromEntries(this.byServiceOperation),
      byQuery: Object.fromEntries(this.byQuery),
      unauthorized: this.unauthorized,
      errorAnswers: this.errorAnswers,
      faultsInjected: this.faultsInjected,
      tokenRequests: this.tokenRequests,
      tokensIssued: this.tokensIssued,
    };
  }
}

import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { AuthRegistry } from './auth-registry';
import { generateEmployees } from './employee-generator';
import { FaultPlan, FaultSettings, FaultStatus } from './fault-plan';
import { json, notFound, SimResponse } from './ib-responses';
import {
  IntegrationBroker,
  LISTENING_CONNECTOR,
  QAS_SERVICE_OPERATION,
} from './integration-broker';
import { KeyedRecordStore } from './keyed-record-store';
import { spliceRows, targetOf } from './malformed-answers';
import {
  CustomerChangeInput,
  EmployeeChangeInput,
  HireInput,
  TerminationInput,
  VendorChangeInput,
} from './mutation-inputs';
import { generateCustomers, generateVendors } from './organisation-generator';
import { CustomerRecord, customerKey, VendorRecord, vendorKey } from './organisation-records';
import { PeopleSoftDataset } from './peoplesoft-dataset';
import { formatPsTimestamp } from './ps-time';
import { QueryService } from './query-service';
import { RequestCounters, RequestCounterSnapshot } from './request-counters';
import { handleSimControl } from './sim-control';
import { SimClock } from './sim-clock';
import { issueToken } from './token-endpoint';
import { PeopleSoftSimulatorOptions, SIMULATOR_DEFAULTS } from './simulator-options';
import { CustomerSnapshot, EmployeeSnapshot, VendorSnapshot } from './snapshots';

const MAX_BODY_BYTES = 1_000_000;

/**
 * A PeopleSoft Integration Broker gateway with the Query Access Service, one custom provider
 * operation, Basic and OAuth2 authentication, and a seeded HR/Financials dataset. It answers
 * the way real PeopleSoft does, errors and quirks included.
 */
export class PeopleSoftSimulator {
  readonly dataset: PeopleSoftDataset;
  readonly clock: SimClock;
  readonly node: string;
  private readonly auth: AuthRegistry;
  private readonly faults = new FaultPlan();
  private readonly counters = new RequestCounters();
  private readonly broker: IntegrationBroker;
  private readonly hanging = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(private readonly options: PeopleSoftSimulatorOptions = {}) {
    const seed = options.seed ?? SIMULATOR_DEFAULTS.seed;
    const employeeCount = options.employees ?? SIMULATOR_DEFAULTS.employees;
    this.node = options.node ?? SIMULATOR_DEFAULTS.node;
    this.clock = new SimClock(options.utcOffsetMinutes ?? 0, options.clockOffsetSeconds ?? 0);
    this.faults.apply({
      latencyMs: options.latencyMs ?? 0,
      lateCommitSeconds: options.lateCommitSeconds ?? 0,
    });
    const nowMs = this.clock.nowMs();
    const vendors = new KeyedRecordStore<VendorRecord>(vendorKey);
    generateVendors(options.vendors ?? SIMULATOR_DEFAULTS.vendors, seed, nowMs).forEach((v) =>
      vendors.put(v),
    );
    const customers = new KeyedRecordStore<CustomerRecord>(customerKey);
    generateCustomers(options.customers ?? SIMULATOR_DEFAULTS.customers, seed, nowMs).forEach((c) =>
      customers.put(c),
    );
    const employees = generateEmployees({
      count: employeeCount,
      seed,
      nowMs,
      sharedTimestampRows:
        options.sharedTimestampRows ?? Math.min(200, Math.floor(employeeCount / 10)),
    });
    this.dataset = new PeopleSoftDataset(
      employees,
      vendors,
      customers,
      this.clock,
      () => this.faults.lateCommitSeconds,
    );

    const customOperation = options.customOperation ?? SIMULATOR_DEFAULTS.customOperation;
    const permissions = [QAS_SERVICE_OPERATION, customOperation.serviceOperation];
    const users = options.users ?? [
      {
        oprid: options.user ?? SIMULATOR_DEFAULTS.user,
        password: options.password ?? SIMULATOR_DEFAULTS.password,
        permissions,
      },
    ];
    const clients = options.oauthClients ?? [
      { ...SIMULATOR_DEFAULTS.oauthClient, oprid: options.user ?? SIMULATOR_DEFAULTS.user },
    ];
    this.auth = new AuthRegistry(
      users,
      clients,
      options.tokenTtlSeconds ?? SIMULATOR_DEFAULTS.tokenTtlSeconds,
    );
    const queries = new QueryService(
      this.dataset,
      { numbersAsStrings: options.numbersAsStrings ?? false },
      new Set(options.privateQueries ?? []),
    );
    this.broker = new IntegrationBroker(
      this.node,
      this.auth,
      queries,
      customOperation,
      this.counters,
    );
  }

  /** Listens on 127.0.0.1 (port 0 picks a free one) and resolves to the base URL. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.baseUrl) return this.baseUrl;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          this.write(res, json(500, { error: error instanceof Error ? error.message : 'error' }));
      });
    };
    const tls = this.options.tls;
    const server = tls
      ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handler)
      : createHttpServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.baseUrl = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string | undefined {
    return this.baseUrl;
  }

  /** PeopleSoft's current time, formatted as it stamps LASTUPDDTTM. */
  now(): string {
    return formatPsTimestamp(this.clock.nowMs());
  }

  setClockOffsetSeconds(seconds: number): void {
    this.clock.setOffsetSeconds(seconds);
  }

  advanceClockSeconds(seconds: number): void {
    this.clock.advanceSeconds(seconds);
  }

  setFaults(settings: FaultSettings): FaultStatus {
    return this.faults.apply(settings);
  }

  hire(input: HireInput = {}): EmployeeSnapshot {
    return this.dataset.hire(input);
  }

  changeEmployee(emplid: string, input: EmployeeChangeInput): EmployeeSnapshot {
    return this.dataset.changeEmployee(emplid, input);
  }

  terminate(emplid: string, input: TerminationInput = {}): EmployeeSnapshot {
    return this.dataset.terminate(emplid, input);
  }

  massUpdate(count: number): { readonly rows: number; readonly lastUpdDttm: string } {
    return this.dataset.massUpdate(count);
  }

  changeVendor(setid: string, vendorId: string, input: VendorChangeInput): VendorSnapshot {
    return this.dataset.changeVendor(setid, vendorId, input);
  }

  changeCustomer(setid: string, custId: string, input: CustomerChangeInput): CustomerSnapshot {
    return this.dataset.changeCustomer(setid, custId, input);
  }

  /** Current (effective-dated) employee records; all of them unless offset/limit say otherwise. */
  employees(offset?: number, limit?: number): EmployeeSnapshot[] {
    return this.dataset.employeeSnapshots(offset, limit);
  }

  employee(emplid: string): EmployeeSnapshot[] {
    return this.dataset.employeeSnapshot(emplid);
  }

  vendors(): VendorSnapshot[] {
    return this.dataset.vendorSnapshots();
  }

  customers(): CustomerSnapshot[] {
    return this.dataset.customerSnapshots();
  }

  counterSnapshot(): RequestCounterSnapshot {
    return this.counters.snapshot();
  }

  setOperationActive(serviceOperation: string, active: boolean): void {
    this.broker.setOperationActive(serviceOperation, active);
  }

  grant(oprid: string, serviceOperation: string): void {
    this.auth.grant(oprid, serviceOperation);
  }

  revoke(oprid: string, serviceOperation: string): void {
    this.auth.revoke(oprid, serviceOperation);
  }

  lockUser(oprid: string, locked = true): void {
    this.auth.setLocked(oprid, locked);
  }

  expireAllTokens(): void {
    this.auth.expireAllTokens();
  }

  setTokenTtlSeconds(seconds: number): void {
    this.auth.setTokenTtlSeconds(seconds);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.total++;
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (body === undefined) return this.write(res, json(413, { error: 'body too large' }));
    if (url.pathname.startsWith('/__sim/')) {
      const deps = {
        dataset: this.dataset,
        faults: this.faults,
        auth: this.auth,
        broker: this.broker,
        counters: this.counters,
      };
      return this.write(res, handleSimControl(deps, method, url, body));
    }
    if (url.pathname === '/oauth2/token' && method === 'POST') {
      return this.write(res, issueToken(this.auth, this.counters, body, req.headers.authorization));
    }
    if (!url.pathname.startsWith(LISTENING_CONNECTOR)) return this.write(res, notFound());
    const fault = this.faults.next();
    if (fault.kind !== 'none') this.counters.faultsInjected++;
    if (fault.kind === 'hang') {
      // A hung request holds its socket; with a duration it is then answered normally.
      this.hanging.add(res);
      res.once('close', () => this.hanging.delete(res));
      if (fault.ms === undefined) return;
      await this.delay(fault.ms);
      this.hanging.delete(res);
    }
    let answer =
      fault.kind === 'respond'
        ? fault.response
        : this.broker.handle({ method, url, authorization: req.headers.authorization });
    if (
      fault.kind !== 'respond' &&
      answer.status === 200 &&
      answer.contentType.startsWith('application/json')
    ) {
      const injection = this.faults.takeRowInjection(targetOf(url.pathname));
      if (injection) answer = spliceRows(answer, injection);
    }
    if (answer.status !== 200 || !answer.contentType.startsWith('application/json'))
      this.counters.errorAnswers++;
    await this.delay(this.faults.latencyMs);
    this.write(res, answer);
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private write(res: ServerResponse, response: SimResponse): void {
    if (res.destroyed) return;
    res.writeHead(response.status, {
      'Content-Type': response.contentType,
      'Content-Length': Buffer.byteLength(response.body),
      ...response.headers,
    });
    res.end(response.body);
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

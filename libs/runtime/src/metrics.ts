import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus series ml-connector exports, in one place so the three apps agree on names
 * and labels. Labels are low-cardinality on purpose: never a record id or a connection name.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly records = new Counter({
    name: 'ml_records_total',
    help: 'Record outcomes written to the audit trail, by entity and outcome',
    labelNames: ['entity', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly hubspotRequests = new Counter({
    name: 'ml_hubspot_requests_total',
    help: 'HTTP requests made to HubSpot, by operation and status class',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly hubspotRateLimited = new Counter({
    name: 'ml_hubspot_rate_limited_total',
    help: '429 answers from HubSpot, by policy (TEN_SECONDLY_ROLLING or DAILY)',
    labelNames: ['policy'] as const,
    registers: [this.registry],
  });

  readonly hubspotRetries = new Counter({
    name: 'ml_hubspot_retries_total',
    help: 'Requests to HubSpot sent again after a transient failure',
    registers: [this.registry],
  });

  readonly hubspotRequestSeconds = new Histogram({
    name: 'ml_hubspot_request_seconds',
    help: 'Duration of HubSpot requests',
    labelNames: ['operation'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly endToEndLagSeconds = new Histogram({
    name: 'ml_end_to_end_lag_seconds',
    help: 'From the poller emitting a change to the writer settling it',
    labelNames: ['entity'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });

  readonly pollSeconds = new Histogram({
    name: 'ml_poll_duration_seconds',
    help: 'Duration of one poll of one connection',
    labelNames: ['status'] as const,
    buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });

  readonly peoplesoftErrors = new Counter({
    name: 'ml_peoplesoft_errors_total',
    help: 'Failed PeopleSoft requests, by error kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'ml_auth_failures_total',
    help: 'Refused credentials: admin API keys, HubSpot tokens, PeopleSoft logins',
    labelNames: ['system'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'ml_queue_messages',
    help: 'Messages waiting in RabbitMQ, by queue (sampled on scrape)',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'ml_outbox_rows',
    help: 'Change events written by the poller and not yet confirmed by RabbitMQ',
    registers: [this.registry],
  });

  private readonly samplers = new Set<() => Promise<void>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ml_process_' });
  }

  /** Runs before each scrape, for gauges read from elsewhere (queue depth, outbox rows). */
  sampleOnScrape(sampler: () => Promise<void>): void {
    this.samplers.add(sampler);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    // A sampler that fails (broker down) leaves its gauge at the last value; the scrape goes on.
    await Promise.all([...this.samplers].map((sample) => sample().catch(() => undefined)));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

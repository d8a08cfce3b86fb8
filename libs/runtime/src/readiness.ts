import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '@ml/messaging';

export interface DependencyHealth {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly postgres: DependencyHealth;
  readonly rabbitmq: DependencyHealth;
}

const PROBE_TIMEOUT_MS = 2_000;

/** Can this process do its work now: Postgres answers and the broker connection is up. */
@Injectable()
export class ReadinessProbe {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly amqp: AmqpConnection,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, rabbitmq] = await Promise.all([
      timed(async () => {
        await this.dataSource.query('SELECT 1');
      }),
      timed(async () => {
        if (!this.amqp.isHealthy()) throw new Error('not connected to the broker');
        await this.amqp.queueDepth();
      }),
    ]);
    const ok = postgres.status === 'up' && rabbitmq.status === 'up';
    return { status: ok ? 'ok' : 'degraded', postgres, rabbitmq };
  }
}

async function timed(probe: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      // Only the message, with any credentials in a URL masked: driver errors can carry them.
      error:
        error instanceof Error
          ? error.message.replace(/\/\/[^@\s/]*@/g, '//***@')
          : 'unknown error',
    };
  } finally {
    clearTimeout(timer);
  }
}

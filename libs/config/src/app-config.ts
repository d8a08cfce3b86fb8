import { EnvReader } from './env-reader';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Everything the three apps read from the environment, validated once at boot. */
export interface AppConfig {
  readonly databaseUrl: string;
  readonly rabbitmqUrl: string;
  /** Prefix of every exchange and queue name, so environments can share a broker. */
  readonly queuePrefix: string;
  /** 32-byte AES-256-GCM key, with the id stored next to every ciphertext (for rotation). */
  readonly encryption: { readonly keyId: string; readonly key: Buffer };
  /** Keys that still decrypt old ciphertexts during a rotation. */
  readonly previousEncryptionKeys: ReadonlyArray<{ readonly keyId: string; readonly key: Buffer }>;
  readonly logLevel: LogLevel;
  readonly api: {
    readonly port: number;
    readonly host: string;
    /** Admin API keys from ADMIN_API_KEYS; keys created through the API live in the database. */
    readonly adminApiKeys: readonly string[];
  };
  /** The poller's and writer's health and metrics endpoint; unset means the app's own default. */
  readonly ops: { readonly healthPort: number | undefined; readonly healthHost: string };
  readonly audit: {
    /** sync_attempts and hubspot_requests older than this many days are pruned. */
    readonly retentionDays: number;
  };
  readonly poller: {
    /** How often the poller checks which connections are due; schedules are per connection. */
    readonly tickMs: number;
    readonly relayBatchSize: number;
    readonly leaseSeconds: number;
  };
  readonly writer: {
    readonly prefetch: number;
    readonly batchSize: number;
    readonly lingerMs: number;
    readonly retryBudget: number;
    readonly concurrency: number;
    readonly hubspotTimeoutMs: number;
  };
}

const DEV_ENCRYPTION_KEY = 'dev:' + Buffer.alloc(32, 7).toString('base64');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const r = new EnvReader(env);
  const databaseUrl = r.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/ml_connector', [
    'postgres:',
    'postgresql:',
  ]);
  const rabbitmqUrl = r.url('RABBITMQ_URL', 'amqp://guest:guest@127.0.0.1:5672', [
    'amqp:',
    'amqps:',
  ]);
  const queuePrefix = r.string('QUEUE_PREFIX', 'ml');
  if (!/^[a-z0-9][a-z0-9._-]{0,40}$/i.test(queuePrefix)) {
    r.reject('QUEUE_PREFIX', 'may hold only letters, digits, ".", "_" and "-" (at most 41)');
  }
  const encryption = parseKey(
    r,
    'ML_ENCRYPTION_KEY',
    r.string('ML_ENCRYPTION_KEY', devKeyOrNothing(env)),
  );
  const previousEncryptionKeys = (r.optionalString('ML_PREVIOUS_ENCRYPTION_KEYS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseKey(r, 'ML_PREVIOUS_ENCRYPTION_KEYS', s));

  const config: AppConfig = {
    databaseUrl,
    rabbitmqUrl,
    queuePrefix,
    encryption,
    previousEncryptionKeys,
    logLevel: r.oneOf<LogLevel>('LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    api: {
      port: r.integer('API_PORT', 3000, 0, 65535),
      host: r.string('API_HOST', '0.0.0.0'),
      adminApiKeys: parseAdminKeys(r, r.optionalString('ADMIN_API_KEYS')),
    },
    ops: {
      healthPort:
        env.HEALTH_PORT === undefined || env.HEALTH_PORT === ''
          ? undefined
          : r.integer('HEALTH_PORT', 0, 0, 65535),
      healthHost: r.string('HEALTH_HOST', '0.0.0.0'),
    },
    audit: { retentionDays: r.integer('AUDIT_RETENTION_DAYS', 90, 1, 3650) },
    poller: {
      tickMs: r.integer('POLLER_TICK_MS', 5000, 100, 3_600_000),
      relayBatchSize: r.integer('OUTBOX_RELAY_BATCH_SIZE', 1000, 1, 10_000),
      leaseSeconds: r.integer('POLL_LEASE_SECONDS', 60, 5, 3600),
    },
    writer: {
      prefetch: r.integer('WRITER_PREFETCH', 1_000, 1, 10_000),
      batchSize: r.integer('WRITER_BATCH_SIZE', 100, 1, 100),
      lingerMs: r.integer('WRITER_LINGER_MS', 250, 0, 60_000),
      retryBudget: r.integer('WRITER_RETRY_BUDGET', 8, 0, 100),
      concurrency: r.integer('WRITER_CONCURRENCY', 4, 1, 64),
      hubspotTimeoutMs: r.integer('HUBSPOT_TIMEOUT_MS', 30_000, 100, 600_000),
    },
  };
  r.assertValid();
  return config;
}

/**
 * A fixed development key keeps `npm run start:*` working on a laptop; production
 * (NODE_ENV=production) must set ML_ENCRYPTION_KEY or the app refuses to boot.
 */
function devKeyOrNothing(env: NodeJS.ProcessEnv): string | undefined {
  return env.NODE_ENV === 'production' ? undefined : DEV_ENCRYPTION_KEY;
}

/** Accepts `<keyId>:<base64 of 32 bytes>`; the id lets old ciphertexts name the key they need. */
function parseKey(r: EnvReader, name: string, raw: string): { keyId: string; key: Buffer } {
  const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(raw);
  const key = match?.[2] ? Buffer.from(match[2], 'base64') : undefined;
  if (!match?.[1] || !key || key.length !== 32) {
    if (raw) r.reject(name, "must look like '<keyId>:<base64 of 32 random bytes>'");
    return { keyId: 'invalid', key: Buffer.alloc(32) };
  }
  return { keyId: match[1], key };
}

export const MIN_ADMIN_KEY_LENGTH = 24;

/**
 * Comma-separated keys, each at least 24 characters of letters, digits and `-_.~+/=` (what a
 * generator such as `openssl rand -base64 32` produces). Problems name the position, never the key.
 */
function parseAdminKeys(r: EnvReader, raw: string | undefined): string[] {
  const keys = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  keys.forEach((key, index) => {
    if (key.length < MIN_ADMIN_KEY_LENGTH || !/^[A-Za-z0-9\-_.~+/=]+$/.test(key)) {
      r.reject(
        'ADMIN_API_KEYS',
        `key #${index + 1} must be at least ${MIN_ADMIN_KEY_LENGTH} characters of letters, ` +
          'digits and -_.~+/= (e.g. openssl rand -base64 32)',
      );
    }
  });
  return keys;
}

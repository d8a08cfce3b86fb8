import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/src/api.module';
import { APP_OPTIONS, configureApp } from '../../apps/api/src/app-setup';
import { APP_CONFIG, loadConfig, type AppConfig } from '@ml/config';
import { createTestEnvironment, type TestEnvironment } from '@ml/testing';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface SeenResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly text: string;
  readonly headers: Record<string, string>;
}

export interface ApiHarness {
  readonly env: TestEnvironment;
  readonly config: AppConfig;
  readonly app: NestExpressApplication;
  readonly db: DataSource;
  /** Every response this harness received, to check that no secret ever left the API. */
  readonly seen: SeenResponse[];
  /** A request with the admin key (or `key`, or none with `key: null`). */
  call(
    method: 'get' | 'post' | 'patch' | 'delete' | 'put',
    path: string,
    options?: { body?: unknown; key?: string | null; raw?: string; contentType?: string },
  ): Promise<request.Response>;
  close(): Promise<void>;
}

/** The API app in-process on this test file's own migrated database and vhost. */
export async function createApiHarness(
  label: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ApiHarness> {
  const env = await createTestEnvironment(label);
  const config = loadConfig({ ...env.env, ADMIN_API_KEYS: ADMIN_KEY, ...extraEnv });
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(APP_OPTIONS);
  app.useLogger(false);
  configureApp(app);
  await app.init();
  const seen: SeenResponse[] = [];
  return {
    env,
    config,
    app,
    db: app.get(DataSource),
    seen,
    async call(method, path, options = {}) {
      let test = request(app.getHttpServer())[method](path);
      const key = options.key === undefined ? ADMIN_KEY : options.key;
      if (key !== null) test = test.set('Authorization', `Bearer ${key}`);
      if (options.raw !== undefined) {
        test = test
          .set('Content-Type', options.contentType ?? 'application/json')
          .send(options.raw);
      } else if (options.body !== undefined) {
        test = test.send(options.body as object);
      }
      const res = await test;
      seen.push({
        method,
        path,
        status: res.status,
        text: res.text ?? '',
        headers: res.headers as Record<string, string>,
      });
      return res;
    },
    async close() {
      await app.close();
      await env.destroy();
    },
  };
}

/** Asserts that none of `secrets` appears in any response seen so far (body or header). */
export function secretsSeen(seen: readonly SeenResponse[], secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const response of seen) {
    const text = `${response.text}\n${JSON.stringify(response.headers)}`;
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${response.method} ${response.path} leaked a secret`);
    }
  }
  return leaks;
}

/**
 * A JSON body tests bend in every way a client could (wrong types, missing and extra fields):
 * deliberately untyped, since the API is what must cope with it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseBody = Record<string, any>;

/** A create-connection body pointing at the given endpoints. */
export function connectionBody(
  name: string,
  e: { peoplesoftUrl: string; hubspotUrl: string; password: string; token: string },
): LooseBody {
  const ps = new URL(e.peoplesoftUrl);
  return {
    name,
    peoplesoft: {
      scheme: ps.protocol === 'https:' ? 'https' : 'http',
      host: ps.hostname,
      port: Number(ps.port),
      node: 'PSFT_HR',
      timeoutMs: 5000,
      auth: { type: 'basic', oprid: 'ML_SYNC', password: e.password },
      sources: { employee: { kind: 'query', queryName: 'ML_EMPLOYEES' } },
    },
    hubspot: {
      accessToken: e.token,
      baseUrl: e.hubspotUrl,
      requestsPer10Seconds: 100,
      dailyLimit: 250000,
    },
    schedule: { cron: '0 2 * * *', timezone: 'Europe/Berlin' },
  };
}

import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@ml/config';
import { DatabaseModule } from '@ml/database';

/** A Nest module on this test's real database, with config taken from the test environment. */
export async function compileOnDatabase(
  config: AppConfig,
  metadata: ModuleMetadata,
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [
      ConfigModule,
      DatabaseModule.forApp('ml-connector-test'),
      ...(metadata.imports ?? []),
    ],
  })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  await moduleRef.init();
  return moduleRef;
}

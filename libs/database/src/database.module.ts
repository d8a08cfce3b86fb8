import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@ml/config';
import { DEFAULT_POOL_SIZE, dataSourceOptions } from './data-source-options';

/** TypeORM for one app; entities are registered by the libs that own them (forFeature). */
@Module({})
export class DatabaseModule {
  /**
   * `poolSize` reads the app's config when one pool size does not fit every setting (the
   * writer's grows with its batches in flight).
   */
  static forApp(
    applicationName: string,
    poolSize: (config: AppConfig) => number = () => DEFAULT_POOL_SIZE,
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl, applicationName, poolSize(config)),
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}

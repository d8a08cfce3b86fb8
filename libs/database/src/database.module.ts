import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@ml/config';
import { dataSourceOptions } from './data-source-options';

/** TypeORM for one app; entities are registered by the libs that own them (forFeature). */
@Module({})
export class DatabaseModule {
  static forApp(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl, applicationName),
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}

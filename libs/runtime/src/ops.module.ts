import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { OPS_DEFAULT_PORT, OpsServer } from './ops-server';
import { QueueDepthSampler } from './queue-depth-sampler';
import { ReadinessProbe } from './readiness';

/**
 * Metrics and readiness for any app; the HTTP ops server for the apps without an HTTP API of
 * their own (the api serves the same probes on its own port and leaves HEALTH_PORT unused).
 */
@Global()
@Module({
  providers: [Metrics, ReadinessProbe, QueueDepthSampler],
  exports: [Metrics, ReadinessProbe],
})
export class OpsModule {}

@Module({})
export class OpsServerModule {
  /** `defaultPort` applies when HEALTH_PORT is unset: each app has its own, so they can share a host. */
  static forApp(defaultPort: number): DynamicModule {
    return {
      module: OpsServerModule,
      providers: [OpsServer, { provide: OPS_DEFAULT_PORT, useValue: defaultPort }],
    };
  }
}

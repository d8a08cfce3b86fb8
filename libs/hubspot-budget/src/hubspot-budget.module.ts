import { Module } from '@nestjs/common';
import { HubSpotRateLimiter } from './hubspot-rate-limiter';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * A HubSpot portal's request budget, shared in Postgres by every process that calls HubSpot:
 * the writers' upserts and the reconciler's reads spend the same grants.
 */
@Module({
  providers: [HubSpotRateLimiter, RateLimitRepository],
  exports: [HubSpotRateLimiter],
})
export class HubSpotBudgetModule {}

import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Metrics } from '@ml/runtime';
import type { HttpRequest } from '../common/correlation-id';
import { ApiKeysService } from './api-keys.service';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs `Authorization: Bearer <key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const header = context.switchToHttp().getRequest<HttpRequest>().header('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match?.[1] || !(await this.keys.isValid(match[1]))) {
      // No detail: a caller learns nothing about which part was wrong.
      this.metrics.authFailures.inc({ system: 'admin-api' });
      throw new UnauthorizedException();
    }
    return true;
  }
}

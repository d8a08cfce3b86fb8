import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ml:isPublic';

/** The one kind of route reachable without an API key (GET /health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiProperty,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['peoplesoft.port must not be greater than 65535'],
    description: 'What went wrong; validation errors list one message per field.',
  })
  message!: string | string[];

  @ApiProperty({
    example: '5f0c6a52-8a4e-4f0e-9a51-0d2f3c9b7e11',
    description: 'Also in the X-Correlation-Id response header; quote it when reporting a 500.',
  })
  correlationId!: string;
}

/** Bearer auth and the errors every protected route can answer. */
export function AdminRoute(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or wrong API key', type: ErrorResponseDto }),
    ApiInternalServerErrorResponse({
      description: 'Unexpected error; the body only carries a correlation id',
      type: ErrorResponseDto,
    }),
  );
}

/** The 400 of a route that validates its input. */
export function ApiValidationErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadRequestResponse({
      description: 'Invalid input; each message names the field',
      type: ErrorResponseDto,
    }),
  );
}

/** The `:id` path parameter (a UUID) and the 404 when nothing has it. */
export function ApiIdParam(resource: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiParam({ name: 'id', type: String, format: 'uuid', description: `Id of the ${resource}` }),
    ApiNotFoundResponse({ description: `No ${resource} has this id`, type: ErrorResponseDto }),
  );
}

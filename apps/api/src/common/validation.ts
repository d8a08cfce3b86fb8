import { BadRequestException, ParseUUIDPipe, ValidationPipe, Param } from '@nestjs/common';

/**
 * Bodies and queries are DTO classes: unknown fields are refused, values converted to the
 * declared types; every message names the field (`peoplesoft.port must not be greater than …`).
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
  });
}

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function UuidParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new BadRequestException(`${name} must be a UUID`),
    }),
  );
}

import { registerDecorator, type ValidationOptions } from 'class-validator';
import { scheduleProblem } from '@ml/connections';
import { isApiVersion } from '@ml/hubspot';
import { primaryEmplRcdProblem } from '@ml/mapping';

function rule(
  name: string,
  test: (value: unknown) => boolean,
  message: string | ((value: unknown) => string),
): (options?: ValidationOptions) => PropertyDecorator {
  return (options) => (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: typeof message === 'string' ? message : (args) => message(args.value),
        ...options,
      },
      validator: { validate: (value: unknown) => test(value) },
    });
}

/** Cron with 5 fields, or 6 with seconds first (the values are not echoed). */
export const IsCron = rule(
  'isCron',
  (value) =>
    typeof value === 'string' &&
    value.length <= 200 &&
    scheduleProblem({ cron: value, timezone: 'UTC' }) === null,
  "$property is not a valid cron expression (5 fields, or 6 with seconds, e.g. '0 2 * * *')",
);

export const IsTimeZone = rule(
  'isTimeZone',
  (value) =>
    typeof value === 'string' &&
    value.length <= 64 &&
    scheduleProblem({ cron: '0 0 * * *', timezone: value }) === null,
  "$property is not an IANA time zone (e.g. 'Europe/Berlin')",
);

export const IsPrimaryEmplRcd = rule(
  'isPrimaryEmplRcd',
  (value) => primaryEmplRcdProblem(value) === null,
  `$property ${primaryEmplRcdProblem(undefined) ?? ''}`,
);

export const IsHubSpotApiVersion = rule(
  'isHubSpotApiVersion',
  (value) => typeof value === 'string' && isApiVersion(value),
  "$property must be 'v3' or a dated release such as '2026-09'",
);

/** A host name or IP address, without scheme, port or path. */
export const HOST_PATTERN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

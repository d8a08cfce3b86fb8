import { BadRequestException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { validateMappingDocument } from '@ml/mapping';
import { ErrorResponseDto } from '../common/api-docs';

/** More issues than this are counted, not listed: the answer stays small. */
export const MAX_LISTED_ISSUES = 100;

export class MappingIssueDto {
  @ApiProperty({
    description: 'RFC 6901 JSON Pointer into the request body',
    example: '/mapping/employee/fields/3/transforms/1/op',
  })
  path!: string;

  @ApiProperty({ example: "unknown transform 'eval' (known: trim, lower, upper, ...)" })
  message!: string;
}

export class MappingValidationErrorDto extends ErrorResponseDto {
  @ApiPropertyOptional({
    type: [MappingIssueDto],
    description:
      `Only when the mapping document is invalid: its problems (the first ${MAX_LISTED_ISSUES}), ` +
      'each with its JSON Pointer; `message` counts them all',
  })
  issues?: MappingIssueDto[];
}

/**
 * Checks a mapping document with libs/mapping before it is stored, so a connection never holds
 * a mapping the poller cannot compile. A bad one is a 400 whose `issues` point into the body.
 */
export function assertValidMapping(mapping: unknown): void {
  const result = validateMappingDocument(mapping);
  if (result.ok) return;
  throw new BadRequestException({
    message: [
      `mapping is not a valid mapping document: ${result.errors.slice(0, 20).join('; ')}` +
        (result.errors.length > 20 ? `; and ${result.errors.length - 20} more` : ''),
    ],
    issues: result.issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue) => ({ path: `/mapping${issue.path}`, message: issue.message })),
  });
}

/** The 400 of a route taking a mapping document: field errors, or the document's issues. */
export function ApiMappingErrors(): MethodDecorator {
  return ApiBadRequestResponse({
    description:
      'Invalid input; each message names the field. An invalid `mapping` is checked after the ' +
      'other fields and lists its problems in `issues`, each with a JSON Pointer into the body',
    type: MappingValidationErrorDto,
  });
}

import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { MAX_EMPL_RCD, type PrimaryEmplRcd } from '@ml/mapping';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPrimaryEmplRcd } from './custom-validators';

const PS_NAME = /^[A-Z0-9_]{1,30}$/;
const PS_NAME_MESSAGE = '$property must be 1-30 upper-case letters, digits or _';

export class EffectiveDatePromptsDto {
  @ApiProperty({ example: 'EFFDT_FROM' })
  @Matches(PS_NAME, { message: PS_NAME_MESSAGE })
  fromPrompt!: string;

  @ApiProperty({ example: 'EFFDT_TO' })
  @Matches(PS_NAME, { message: PS_NAME_MESSAGE })
  toPrompt!: string;
}

/** Fallback when `kind` is neither value: only the kind is then reported. */
export class SourceKindDto {
  @ApiProperty({ enum: ['query', 'operation'] })
  @IsIn(['query', 'operation'])
  kind!: 'query' | 'operation';
}

export class QuerySourceDto {
  @ApiProperty({ enum: ['query'], example: 'query' })
  @IsIn(['query'])
  kind!: 'query';

  @ApiProperty({ description: 'PS Query name', example: 'ML_EMPLOYEES' })
  @Matches(PS_NAME, { message: PS_NAME_MESSAGE })
  queryName!: string;

  @ApiPropertyOptional({ enum: ['public', 'private'], default: 'public' })
  @IsOptional()
  @IsIn(['public', 'private'])
  visibility: 'public' | 'private' = 'public';

  @ApiPropertyOptional({
    description: 'Prompt of the window start on LASTUPDDTTM',
    default: 'FROM_DTTM',
  })
  @IsOptional()
  @Matches(PS_NAME, { message: PS_NAME_MESSAGE })
  fromPrompt: string = 'FROM_DTTM';

  @ApiPropertyOptional({
    description: 'Prompt of the window end on LASTUPDDTTM',
    default: 'TO_DTTM',
  })
  @IsOptional()
  @Matches(PS_NAME, { message: PS_NAME_MESSAGE })
  toPrompt: string = 'TO_DTTM';

  @ApiPropertyOptional({
    description: "The query's maxrows; a full window is split",
    default: 5000,
    minimum: 1,
    maximum: 100000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxRows: number = 5000;

  @ApiPropertyOptional({ type: EffectiveDatePromptsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EffectiveDatePromptsDto)
  effectiveDatePrompts?: EffectiveDatePromptsDto;

  @ApiPropertyOptional({ type: [String], example: ['EMPLID', 'LASTUPDDTTM'] })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  requiredColumns?: string[];
}

export class OperationSourceDto {
  @ApiProperty({ enum: ['operation'], example: 'operation' })
  @IsIn(['operation'])
  kind!: 'operation';

  @ApiProperty({ description: 'Provider REST operation alias', example: 'ML_EMPL_CHANGES.v1' })
  @Matches(/^[A-Za-z0-9_]{1,60}\.v\d{1,3}$/, {
    message: "$property must look like 'ML_EMPL_CHANGES.v1'",
  })
  alias!: string;

  @ApiProperty({
    description: 'URI template with {from} and {to} (and optionally {maxRows})',
    example: 'changes/{from}/{to}?maxrows={maxRows}',
  })
  @MaxLength(500)
  @Matches(/^(?=.*\{from\})(?=.*\{to\})[^\s]+$/, {
    message: '$property must contain {from} and {to} and no white space',
  })
  uriTemplate!: string;

  @ApiPropertyOptional({ default: 5000, minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxRows: number = 5000;

  @ApiPropertyOptional({ example: 'ML_EMPL_CHANGES_GET' })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,60}$/, { message: '$property must be upper-case letters, digits or _' })
  serviceOperation?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  requiredColumns?: string[];
}

const PRIMARY_EMPL_RCD = {
  description:
    'Which employment record (EMPL_RCD) of a person becomes the contact: `lowest` (the primary ' +
    'job), `highest` (the newest record: a person terminated in record 0 and rehired in record 1 ' +
    'is an active contact), or a record number (a person without it falls back to the lowest). ' +
    'After a change, queue a full sync so every contact follows the new choice.',
  oneOf: [
    { type: 'string', enum: ['lowest', 'highest'] },
    { type: 'integer', minimum: 0, maximum: MAX_EMPL_RCD },
  ],
  default: 'lowest',
  example: 'lowest',
};

/** The employee source's own setting; vendors and customers refuse it as an unknown field. */
export class EmployeeQuerySourceDto extends QuerySourceDto {
  @ApiPropertyOptional(PRIMARY_EMPL_RCD)
  @IsOptional()
  @IsPrimaryEmplRcd()
  primaryEmplRcd: PrimaryEmplRcd = 'lowest';
}

export class EmployeeOperationSourceDto extends OperationSourceDto {
  @ApiPropertyOptional(PRIMARY_EMPL_RCD)
  @IsOptional()
  @IsPrimaryEmplRcd()
  primaryEmplRcd: PrimaryEmplRcd = 'lowest';
}

const EMPLOYEE_SOURCE_TYPE = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: EmployeeQuerySourceDto, name: 'query' },
      { value: EmployeeOperationSourceDto, name: 'operation' },
    ],
  },
  keepDiscriminatorProperty: true,
};

const SOURCE_TYPE = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: QuerySourceDto, name: 'query' },
      { value: OperationSourceDto, name: 'operation' },
    ],
  },
  keepDiscriminatorProperty: true,
};

const sourceSchema = (
  description: string,
  query: typeof QuerySourceDto = QuerySourceDto,
  operation: typeof OperationSourceDto = OperationSourceDto,
) => ({
  description,
  oneOf: [{ $ref: getSchemaPath(query) }, { $ref: getSchemaPath(operation) }],
  discriminator: {
    propertyName: 'kind',
    mapping: { query: getSchemaPath(query), operation: getSchemaPath(operation) },
  },
});

/** Only the entities listed are polled. */
export class SourcesDto {
  @ApiPropertyOptional(
    sourceSchema(
      'Employees → HubSpot contacts',
      EmployeeQuerySourceDto,
      EmployeeOperationSourceDto,
    ),
  )
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SourceKindDto, EMPLOYEE_SOURCE_TYPE)
  employee?: EmployeeQuerySourceDto | EmployeeOperationSourceDto;

  @ApiPropertyOptional(sourceSchema('Vendors → HubSpot companies'))
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SourceKindDto, SOURCE_TYPE)
  vendor?: QuerySourceDto | OperationSourceDto;

  @ApiPropertyOptional(sourceSchema('Customers → HubSpot companies'))
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SourceKindDto, SOURCE_TYPE)
  customer?: QuerySourceDto | OperationSourceDto;
}

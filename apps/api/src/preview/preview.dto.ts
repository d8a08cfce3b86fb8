import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { SOURCE_ENTITIES, type SourceEntity } from '@ml/mapping';
import { isPeopleSoftTimestamp } from '@ml/peoplesoft';

export const DEFAULT_EXAMPLES = 10;
export const MAX_EXAMPLES = 100;

/** A PeopleSoft timestamp, YYYY-MM-DD-HH.MM.SS.ffffff, that is a real instant. */
function IsPeopleSoftTimestamp(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPeopleSoftTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: "$property must be a PeopleSoft timestamp such as '2026-11-27-14.03.11.000000'",
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= 26 && isPeopleSoftTimestamp(value),
      },
    });
}

export class PreviewWindowDto {
  @ApiProperty({
    description: "Lower LASTUPDDTTM bound, inclusive, in PeopleSoft's own time",
    example: '2026-11-01-00.00.00.000000',
  })
  @IsPeopleSoftTimestamp()
  from!: string;

  @ApiProperty({ description: 'Upper bound, inclusive', example: '2026-11-28-00.00.00.000000' })
  @IsPeopleSoftTimestamp()
  to!: string;
}

export class PreviewRequestDto {
  @ApiPropertyOptional({
    enum: SOURCE_ENTITIES,
    isArray: true,
    description: 'Entities to preview; every configured one when left out',
    example: ['employee'],
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SOURCE_ENTITIES, { each: true })
  entities?: SourceEntity[];

  @ApiPropertyOptional({
    description: 'Examples listed per entity and outcome',
    default: DEFAULT_EXAMPLES,
    minimum: 0,
    maximum: MAX_EXAMPLES,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_EXAMPLES)
  limit: number = DEFAULT_EXAMPLES;

  @ApiPropertyOptional({
    type: PreviewWindowDto,
    description:
      'Only rows whose LASTUPDDTTM is in this window; everything PeopleSoft holds when left out (the state a full run would leave in HubSpot)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PreviewWindowDto)
  window?: PreviewWindowDto;
}

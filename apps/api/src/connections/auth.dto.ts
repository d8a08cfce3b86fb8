import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Length, Matches } from 'class-validator';

const OPRID = /^[A-Za-z0-9_.@-]{1,30}$/;
const OPRID_MESSAGE = '$property must be 1-30 letters, digits or _.@-';
const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };

/** Fallback when `type` is neither value: only the type is then reported. */
export class AuthTypeDto {
  @ApiProperty({ enum: ['basic', 'oauth2'] })
  @IsIn(['basic', 'oauth2'])
  type!: 'basic' | 'oauth2';
}

export class BasicAuthDto {
  @ApiProperty({ enum: ['basic'], example: 'basic' })
  @IsIn(['basic'])
  type!: 'basic';

  @ApiProperty({ description: 'PeopleSoft user (OPRID)', example: 'ML_SYNC' })
  @Matches(OPRID, { message: OPRID_MESSAGE })
  oprid!: string;

  @ApiProperty({
    description: 'Write-only; encrypted at rest, never returned',
    writeOnly: true,
    example: 'correct-horse-battery',
  })
  @IsString()
  @Length(1, 256)
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: '$property must not contain control characters' })
  password!: string;
}

export class OAuth2AuthDto {
  @ApiProperty({ enum: ['oauth2'], example: 'oauth2' })
  @IsIn(['oauth2'])
  type!: 'oauth2';

  @ApiProperty({
    description: "The identity provider's token endpoint",
    example: 'https://idcs.example.com/oauth2/v1/token',
  })
  @IsUrl(URL_OPTIONS)
  tokenUrl!: string;

  @ApiProperty({ example: 'ml-connector' })
  @IsString()
  @Length(1, 256)
  clientId!: string;

  @ApiProperty({
    description: 'Write-only; encrypted at rest, never returned',
    writeOnly: true,
    example: 'client-secret-value',
  })
  @IsString()
  @Length(1, 1024)
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: '$property must not contain control characters' })
  clientSecret!: string;

  @ApiPropertyOptional({ example: 'urn:opc:resource:consumer::all' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  scope?: string;
}

export class BasicAuthPatchDto {
  @ApiProperty({ enum: ['basic'], example: 'basic' })
  @IsIn(['basic'])
  type!: 'basic';

  @ApiProperty({ example: 'ML_SYNC' })
  @Matches(OPRID, { message: OPRID_MESSAGE })
  oprid!: string;

  @ApiPropertyOptional({ description: 'Leave out to keep the stored password', writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: '$property must not contain control characters' })
  password?: string;
}

export class OAuth2AuthPatchDto {
  @ApiProperty({ enum: ['oauth2'], example: 'oauth2' })
  @IsIn(['oauth2'])
  type!: 'oauth2';

  @ApiProperty({ example: 'https://idcs.example.com/oauth2/v1/token' })
  @IsUrl(URL_OPTIONS)
  tokenUrl!: string;

  @ApiProperty({ example: 'ml-connector' })
  @IsString()
  @Length(1, 256)
  clientId!: string;

  @ApiPropertyOptional({ description: 'Leave out to keep the stored secret', writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: '$property must not contain control characters' })
  clientSecret?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 512)
  scope?: string;
}

export const authTypeOptions = (basic: unknown, oauth2: unknown) => ({
  discriminator: {
    property: 'type',
    subTypes: [
      { value: basic as new () => object, name: 'basic' },
      { value: oauth2 as new () => object, name: 'oauth2' },
    ],
  },
  keepDiscriminatorProperty: true,
});

export const authSchema = (basic: string, oauth2: string) => ({
  oneOf: [{ $ref: getSchemaPath(basic) }, { $ref: getSchemaPath(oauth2) }],
  discriminator: {
    propertyName: 'type',
    mapping: { basic: getSchemaPath(basic), oauth2: getSchemaPath(oauth2) },
  },
});

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({
    description: 'What the key is for, so it can be found and revoked later',
    example: 'internal-tooling',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '0b9d7d1e-3f6c-4d8e-a4a1-2b1f4c9e8d70' })
  id!: string;

  @ApiProperty({ example: 'internal-tooling' })
  name!: string;

  @ApiProperty({
    description: 'First characters of the key, to tell keys apart',
    example: 'mlk_Q2x9fT0a',
  })
  prefix!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  lastUsedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'The key itself. Shown only in this answer: store it now.',
    example: 'mlk_Q2x9fT0aVb3kLm8nPq1rSt4uVw7xYz0aBc3dEf6gHi9',
  })
  key!: string;
}

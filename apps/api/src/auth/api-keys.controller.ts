import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminRoute, ApiIdParam, ApiValidationErrors } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import type { ApiKeyRow } from './api-keys.repository';
import { ApiKeysService, type CreatedApiKey } from './api-keys.service';

@ApiTags('api-keys')
@AdminRoute()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Creates an API key; the key is shown once, in this answer' })
  @ApiCreatedResponse({ description: 'The new key, shown this once', type: CreatedApiKeyDto })
  @ApiValidationErrors()
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(body.name);
  }

  @Get()
  @ApiOperation({ summary: 'Lists the keys created through the API (never the keys themselves)' })
  @ApiOkResponse({ description: 'Every key, newest first', type: [ApiKeyDto] })
  list(): Promise<ApiKeyRow[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes a key at once; revoking it again changes nothing' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiIdParam('API key')
  @ApiValidationErrors()
  revoke(@UuidParam() id: string): Promise<void> {
    return this.keys.revoke(id);
  }
}

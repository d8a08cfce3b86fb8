import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ConnectionView } from '@ml/connections';
import { AdminRoute, ApiIdParam, ApiValidationErrors, ErrorResponseDto } from '../common/api-docs';
import { UuidParam } from '../common/validation';
import { BasicAuthDto, BasicAuthPatchDto, OAuth2AuthDto, OAuth2AuthPatchDto } from './auth.dto';
import { CreateConnectionDto } from './connection-input.dto';
import { PatchConnectionDto } from './connection-patch.dto';
import {
  BasicAuthViewDto,
  ConnectionDetailDto,
  ConnectionViewDto,
  OAuth2AuthViewDto,
} from './connection-view.dto';
import { ConnectionsAdminService, type WritingStatus } from './connections-admin.service';
import { ApiMappingErrors } from './mapping-validation';
import {
  EmployeeOperationSourceDto,
  EmployeeQuerySourceDto,
  OperationSourceDto,
  QuerySourceDto,
} from './source.dto';

@ApiTags('connections')
@AdminRoute()
@ApiExtraModels(
  BasicAuthDto,
  OAuth2AuthDto,
  BasicAuthPatchDto,
  OAuth2AuthPatchDto,
  BasicAuthViewDto,
  OAuth2AuthViewDto,
  QuerySourceDto,
  OperationSourceDto,
  EmployeeQuerySourceDto,
  EmployeeOperationSourceDto,
)
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Creates a connection; secrets are encrypted and never shown again' })
  @ApiCreatedResponse({
    description: 'The stored connection, secrets shown as set/last4',
    type: ConnectionViewDto,
  })
  @ApiMappingErrors()
  @ApiConflictResponse({ description: 'The name is taken', type: ErrorResponseDto })
  create(@Body() body: CreateConnectionDto): Promise<ConnectionView> {
    return this.connections.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Lists every connection' })
  @ApiOkResponse({ description: 'Every connection, oldest first', type: [ConnectionViewDto] })
  list(): Promise<ConnectionView[]> {
    return this.connections.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One connection' })
  @ApiOkResponse({
    description: 'The connection, and whether its HubSpot writing is paused',
    type: ConnectionDetailDto,
  })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  get(@UuidParam() id: string): Promise<ConnectionView & { writing: WritingStatus }> {
    return this.connections.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Changes some fields of a connection',
    description:
      'Groups merge field by field; `peoplesoft.sources`, `peoplesoft.auth`, `schedule` and ' +
      '`mapping` replace what is stored. A secret left out keeps the stored one; a new HubSpot ' +
      'token clears the connection\'s "needs attention" state.',
  })
  @ApiOkResponse({ description: 'The connection after the change', type: ConnectionViewDto })
  @ApiMappingErrors()
  @ApiIdParam('connection')
  @ApiConflictResponse({ description: 'The new name is taken', type: ErrorResponseDto })
  update(@UuidParam() id: string, @Body() body: PatchConnectionDto): Promise<ConnectionView> {
    return this.connections.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a connection with its runs and audit trail' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiValidationErrors()
  @ApiIdParam('connection')
  remove(@UuidParam() id: string): Promise<void> {
    return this.connections.remove(id);
  }
}

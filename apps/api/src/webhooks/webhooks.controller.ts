import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ErrorResponseDto } from '../common/api-docs';
import { WebhooksService, type WebhookReceipt } from './webhooks.service';

/** What this route reads of Express's request (express's types are not installed). */
interface RawRequest {
  readonly method: string;
  readonly protocol: string;
  readonly originalUrl: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Kept by the JSON parser because the app is created with `rawBody: true`. */
  readonly rawBody?: Buffer;
  get(name: string): string | undefined;
}

class WebhookReceiptDto {
  @ApiProperty({ description: 'Events in the batch' })
  received!: number;
  @ApiProperty({ description: 'Events handled now (deletions, merges, edits: repairs queued)' })
  handled!: number;
  @ApiProperty({ description: 'Events already handled before (HubSpot retried)' })
  duplicates!: number;
}

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Public: HubSpot has no admin key; the v3 signature authenticates the request instead. */
  @Public()
  @Post('hubspot')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receives HubSpot webhook batches (contact/company deletion, merge, property change)',
    description:
      'No admin key: authenticated by X-HubSpot-Signature-v3 with the client secret set in ' +
      'PUT /connections/{id}/readback-settings. Stale (> 5 min) or wrong signatures answer 401. ' +
      'Each eventId is handled once; repairs go through the writers within a poller tick.',
  })
  @ApiHeader({ name: 'X-HubSpot-Signature-v3', required: true })
  @ApiHeader({ name: 'X-HubSpot-Request-Timestamp', required: true, description: 'Milliseconds' })
  @ApiBody({
    description: 'HubSpot event batch',
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
  })
  @ApiOkResponse({ description: 'Accepted', type: WebhookReceiptDto })
  @ApiUnauthorizedResponse({
    description: 'Bad, stale or missing signature',
    type: ErrorResponseDto,
  })
  @ApiBadRequestResponse({ description: 'Not a JSON array', type: ErrorResponseDto })
  receive(@Req() request: RawRequest): Promise<WebhookReceipt> {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return this.webhooks.receive({
      method: request.method,
      uriSeen: `${request.protocol}://${request.get('host') ?? ''}${request.originalUrl}`,
      rawBody: request.rawBody ?? Buffer.alloc(0),
      signature: header('x-hubspot-signature-v3'),
      timestamp: header('x-hubspot-request-timestamp'),
    });
  }
}

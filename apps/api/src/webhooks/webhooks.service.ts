import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ReadbackSettingsRepository } from '../reconcile/readback-settings.repository';
import { checkSignatureV3, type SignedRequest } from './verify-signature';
import { WebhookEventsRepository, type HubSpotEvent } from './webhook-events.repository';

export interface WebhookReceipt {
  readonly received: number;
  readonly handled: number;
  readonly duplicates: number;
}

/**
 * POST /webhooks/hubspot: authenticated by HubSpot's v3 signature with the client secret of a
 * connection that turned webhooks on (every such connection is tried; the one whose secret
 * signs the request gets the events). Nothing is read before the signature is checked.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly settings: ReadbackSettingsRepository,
    private readonly events: WebhookEventsRepository,
  ) {}

  async receive(
    request: Omit<SignedRequest, 'uri'> & { uriSeen: string },
    now = Date.now(),
  ): Promise<WebhookReceipt> {
    const receivers = await this.settings.receivers();
    const verdicts = receivers.map((receiver) => ({
      receiver,
      check: checkSignatureV3(
        { ...request, uri: receiver.webhookUrl ?? request.uriSeen },
        receiver.clientSecret,
        now,
      ),
    }));
    const matching = verdicts.filter((v) => v.check === 'ok').map((v) => v.receiver);
    if (matching.length === 0) {
      // One answer for every refusal, so a caller learns nothing about which part was wrong.
      throw new UnauthorizedException('invalid, stale or missing HubSpot signature');
    }
    const events = parseEvents(request.rawBody);
    let handled = 0;
    let duplicates = 0;
    for (const receiver of matching) {
      const result = await this.events.handle(receiver.connectionId, receiver.policy, events);
      handled += result.handled;
      duplicates += result.duplicates;
    }
    return { received: events.length, handled, duplicates };
  }
}

function parseEvents(raw: Buffer): HubSpotEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestException('the body is not JSON');
  }
  if (!Array.isArray(parsed)) throw new BadRequestException('expected a JSON array of events');
  return parsed.flatMap((item): HubSpotEvent[] => {
    if (typeof item !== 'object' || item === null) return [];
    const e = item as Record<string, unknown>;
    const id = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : null);
    const eventId = id(e.eventId);
    const objectId = id(e.objectId);
    if (!eventId || !objectId || typeof e.subscriptionType !== 'string') return [];
    return [
      {
        eventId,
        objectId,
        subscriptionType: e.subscriptionType,
        changeSource: typeof e.changeSource === 'string' ? e.changeSource : null,
        propertyName: typeof e.propertyName === 'string' ? e.propertyName : null,
        mergedObjectIds: Array.isArray(e.mergedObjectIds)
          ? e.mergedObjectIds.map(id).filter((x): x is string => x !== null)
          : [],
        primaryObjectId: id(e.primaryObjectId),
        newObjectId: id(e.newObjectId),
      },
    ];
  });
}

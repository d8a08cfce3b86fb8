import type { SimObject } from './object-store';
import { SIM_OBJECT_TYPES, type SimObjectType } from './property-model';
import type { SimResponse } from './sim-response';
import type { DeliveryKnobs, DeliveryReport, WebhookTarget } from './webhook-sender';

/** What a rep does in HubSpot, and the webhook sender: driven by the read-back endpoints. */
export interface ReadbackControls {
  userArchive(objectType: SimObjectType, id: string): boolean;
  userMerge(
    objectType: SimObjectType,
    primaryId: string,
    mergedId: string,
    newRecord?: boolean,
  ): SimObject | undefined;
  userEdit(
    objectType: SimObjectType,
    id: string,
    properties: Record<string, string>,
  ): SimObject | undefined;
  setArchivedUpsertMode(mode: 'restore' | 'recreate'): void;
  registerWebhook(target: WebhookTarget | undefined): void;
  flushWebhooks(knobs?: DeliveryKnobs): Promise<DeliveryReport>;
}

const bad = (message: string): SimResponse => ({ status: 400, body: { status: 'error', message } });
const unknownObject: SimResponse = {
  status: 404,
  body: { status: 'error', message: 'no live object with this id' },
};

function objectTypeOf(payload: Record<string, unknown>): SimObjectType | undefined {
  return SIM_OBJECT_TYPES.find((type) => type === payload.objectType);
}

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * `/__sim/objects/{archive,merge,edit}`, `/__sim/archived-upsert-mode`, `/__sim/webhooks` and
 * `/__sim/webhooks/flush`; undefined for any other path.
 */
export function handleReadbackControl(
  simulator: ReadbackControls,
  path: string,
  payload: Record<string, unknown>,
): SimResponse | Promise<SimResponse> | undefined {
  switch (path) {
    case '/__sim/objects/archive': {
      const objectType = objectTypeOf(payload);
      if (!objectType || !isString(payload.id)) return bad('objectType and id are required');
      return simulator.userArchive(objectType, payload.id)
        ? { status: 200, body: { status: 'archived' } }
        : unknownObject;
    }
    case '/__sim/objects/merge': {
      const objectType = objectTypeOf(payload);
      if (!objectType || !isString(payload.primaryId) || !isString(payload.mergedId)) {
        return bad('objectType, primaryId and mergedId are required');
      }
      const newRecord = typeof payload.newRecord === 'boolean' ? payload.newRecord : undefined;
      const survivor = simulator.userMerge(
        objectType,
        payload.primaryId,
        payload.mergedId,
        newRecord,
      );
      return survivor ? { status: 200, body: survivor } : unknownObject;
    }
    case '/__sim/objects/edit': {
      const objectType = objectTypeOf(payload);
      const properties = payload.properties;
      if (
        !objectType ||
        !isString(payload.id) ||
        typeof properties !== 'object' ||
        properties === null ||
        Object.values(properties).some((v) => typeof v !== 'string')
      ) {
        return bad('objectType, id and properties (strings) are required');
      }
      const edited = simulator.userEdit(
        objectType,
        payload.id,
        properties as Record<string, string>,
      );
      return edited ? { status: 200, body: edited } : unknownObject;
    }
    case '/__sim/archived-upsert-mode':
      if (payload.mode !== 'restore' && payload.mode !== 'recreate') {
        return bad('mode must be restore or recreate');
      }
      simulator.setArchivedUpsertMode(payload.mode);
      return { status: 200, body: { mode: payload.mode } };
    case '/__sim/webhooks':
      if (payload.url === null) {
        simulator.registerWebhook(undefined);
        return { status: 200, body: { status: 'unregistered' } };
      }
      if (!isString(payload.url) || !isString(payload.clientSecret)) {
        return bad('url and clientSecret are required (url: null unregisters)');
      }
      simulator.registerWebhook({
        url: payload.url,
        clientSecret: payload.clientSecret,
        appId: typeof payload.appId === 'number' ? payload.appId : 1,
      });
      return { status: 200, body: { status: 'registered' } };
    case '/__sim/webhooks/flush':
      return simulator
        .flushWebhooks({
          wrongSecret: isString(payload.wrongSecret) ? payload.wrongSecret : undefined,
          timestampSkewMs:
            typeof payload.timestampSkewMs === 'number' ? payload.timestampSkewMs : undefined,
          replayEventIds: Array.isArray(payload.replayEventIds)
            ? payload.replayEventIds.filter((id): id is number => typeof id === 'number')
            : undefined,
        })
        .then((report) => ({ status: 200, body: report }));
    default:
      return undefined;
  }
}

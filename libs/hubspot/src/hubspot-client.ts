import { apiPaths, type CrmObjectType } from './api-paths';
import { checkReadBatch, prepareBatch } from './batch-checks';
import type { BatchUpsertInput, BatchUpsertOutcome } from './batch-upsert-types';
import {
  MAX_BATCH_READ_INPUTS,
  MAX_LIST_LIMIT,
  MERGED_IDS_PROPERTY,
  mergedIds,
  missingIds,
  nextCursor,
  toCrmObject,
  type BatchReadOptions,
  type BatchReadResult,
  type CrmObject,
  type ListObjectsOptions,
  type ObjectPage,
} from './crm-objects';
import {
  HubSpotError,
  InvalidBatchError,
  PropertyMismatchError,
  type PropertyMismatch,
} from './hubspot-error';
import {
  resolveSettings,
  type HubSpotSettings,
  type ResolvedHubSpotSettings,
} from './hubspot-settings';
import { HttpTransport, type JsonAnswer, type TransportOptions } from './http-transport';
import { matchBatchResults } from './match-batch-results';
import { incompatibility, toHubSpotProperty } from './property-compatibility';
import type {
  AccountDetails,
  ApiResult,
  HubSpotProperty,
  PropertyBootstrapReport,
  PropertyDefinition,
} from './property-types';
import type { RequestAudit } from './request-audit';

export type HubSpotClientOptions = TransportOptions;

/**
 * HubSpot's CRM API as this connector uses it. It neither sleeps nor retries: the writer owns
 * backoff and the rate budget shared by its replicas, and gets a classified HubSpotError and an
 * audit record for every request.
 */
export class HubSpotClient {
  private readonly settings: ResolvedHubSpotSettings;
  private readonly transport: HttpTransport;
  private readonly paths: ReturnType<typeof apiPaths>;

  constructor(settings: HubSpotSettings, options: HubSpotClientOptions = {}) {
    this.settings = resolveSettings(settings);
    this.transport = new HttpTransport(this.settings, options);
    this.paths = apiPaths(this.settings.apiVersion);
  }

  get apiVersion(): string {
    return this.settings.apiVersion;
  }

  /**
   * Creates or updates up to 100 records by a unique property. Per-input failures (207) come
   * back in the outcome, as does any input a 2xx does not account for (UNACCOUNTED); a
   * whole-batch refusal throws a `validation` HubSpotError carrying the parsed property errors,
   * so the caller can split the batch.
   */
  async batchUpsert(
    objectType: CrmObjectType,
    inputs: readonly BatchUpsertInput[],
  ): Promise<BatchUpsertOutcome> {
    const traced = prepareBatch(inputs);
    const answer = await this.transport.json('POST', this.paths.batchUpsert(objectType), {
      body: {
        inputs: traced.map(({ id, idProperty, properties, objectWriteTraceId }) => ({
          id,
          idProperty,
          properties,
          objectWriteTraceId,
        })),
      },
    });
    const outcomes = matchBatchResults(traced, answer.body, answer.request.correlationId);
    const succeeded = outcomes.filter((outcome) => outcome.ok).length;
    return {
      status: answer.status,
      inputs: outcomes,
      succeeded,
      failed: outcomes.length - succeeded,
      request: answer.request,
    };
  }

  /** One page of records in HubSpot's order; follow `nextAfter` for the rest. */
  async listObjects(
    objectType: CrmObjectType,
    options: ListObjectsOptions = {},
  ): Promise<ApiResult<ObjectPage>> {
    const limit = options.limit ?? MAX_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new InvalidBatchError(`a list page holds 1 to ${MAX_LIST_LIMIT} records, not ${limit}`);
    }
    const query = new URLSearchParams({ limit: String(limit) });
    if (options.after !== undefined) query.set('after', options.after);
    if (options.properties && options.properties.length > 0) {
      query.set('properties', options.properties.join(','));
    }
    if (options.archived) query.set('archived', 'true');
    const answer = await this.transport.json('GET', this.paths.objects(objectType), { query });
    return {
      data: { results: this.objectsOf(answer), nextAfter: nextCursor(answer.body) },
      request: answer.request,
    };
  }

  /**
   * Reads up to 100 records by HubSpot id or by a unique property. Ids HubSpot does not know come
   * back in `missing` (HubSpot answers those with a 207).
   */
  async batchRead(
    objectType: CrmObjectType,
    ids: readonly string[],
    options: BatchReadOptions = {},
  ): Promise<ApiResult<BatchReadResult>> {
    checkReadBatch(ids, MAX_BATCH_READ_INPUTS);
    const { idProperty } = options;
    // The id property is requested too, so every result can be matched to the id asked for;
    // by HubSpot id, the merged ids too, since a merged-away id answers with the survivor.
    const properties = [
      ...new Set([
        ...(options.properties ?? []),
        ...(idProperty ? [idProperty] : [MERGED_IDS_PROPERTY]),
      ]),
    ];
    const answer = await this.transport.json('POST', this.paths.batchRead(objectType), {
      body: {
        ...(idProperty ? { idProperty } : {}),
        properties,
        inputs: ids.map((id) => ({ id })),
      },
    });
    const results = this.objectsOf(answer);
    return {
      data: {
        results,
        missing: missingIds(ids, results, idProperty),
        merged: mergedIds(ids, results, idProperty),
      },
      request: answer.request,
    };
  }

  /**
   * Archives (HubSpot's delete) up to 100 records by HubSpot id. HubSpot answers 204 for ids
   * already archived or unknown too, so archiving again is harmless.
   */
  async batchArchive(objectType: CrmObjectType, ids: readonly string[]): Promise<ApiResult<void>> {
    checkReadBatch(ids, MAX_BATCH_READ_INPUTS);
    const answer = await this.transport.json('POST', this.paths.batchArchive(objectType), {
      body: { inputs: ids.map((id) => ({ id })) },
      emptyOk: true,
    });
    return { data: undefined, request: answer.request };
  }

  async getAccountDetails(): Promise<ApiResult<AccountDetails>> {
    const { body, request } = await this.transport.json('GET', this.paths.accountDetails());
    const { portalId, timeZone, dataHostingLocation, uiDomain } = body;
    if (typeof portalId !== 'number' || typeof timeZone !== 'string') {
      throw badResponse(request, 'without portalId and timeZone');
    }
    return {
      data: {
        portalId,
        timeZone,
        dataHostingLocation: typeof dataHostingLocation === 'string' ? dataHostingLocation : '',
        uiDomain: typeof uiDomain === 'string' ? uiDomain : '',
      },
      request,
    };
  }

  async listProperties(objectType: CrmObjectType): Promise<ApiResult<HubSpotProperty[]>> {
    const { body, request } = await this.transport.json('GET', this.paths.properties(objectType));
    if (!Array.isArray(body.results)) throw badResponse(request, 'without a results list');
    const data = body.results
      .map(toHubSpotProperty)
      .filter((p): p is HubSpotProperty => p !== undefined);
    return { data, request };
  }

  /**
   * Creates the property group and any missing properties; safe to run at every start and from
   * several replicas at once (a 409 from a concurrent creator is re-checked, not an error). At
   * most 2 + 2 × definitions requests. Throws PropertyMismatchError, after creating what was
   * missing, listing every existing property that differs in uniqueness, type or options.
   */
  async ensureProperties(
    objectType: CrmObjectType,
    groupName: string,
    definitions: readonly PropertyDefinition[],
    groupLabel: string = groupName,
  ): Promise<PropertyBootstrapReport> {
    const requests: RequestAudit[] = [];
    const group = await this.transport.json('POST', this.paths.propertyGroups(objectType), {
      body: { name: groupName, label: groupLabel, displayOrder: -1 },
      passThrough: [409],
    });
    requests.push(group.request);
    const listed = await this.listProperties(objectType);
    requests.push(listed.request);
    const existingByName = new Map(listed.data.map((property) => [property.name, property]));
    const created: string[] = [];
    const existing: string[] = [];
    const mismatches: PropertyMismatch[] = [];
    const check = (found: HubSpotProperty, wanted: PropertyDefinition) => {
      const problem = incompatibility(found, wanted);
      if (problem) mismatches.push({ name: wanted.name, problem });
      existing.push(wanted.name);
    };
    for (const definition of definitions) {
      const found = existingByName.get(definition.name);
      if (found) {
        check(found, definition);
        continue;
      }
      const answer = await this.transport.json('POST', this.paths.properties(objectType), {
        body: definition,
        passThrough: [409],
      });
      requests.push(answer.request);
      if (answer.status !== 409) {
        created.push(definition.name);
        continue;
      }
      const current = await this.transport.json(
        'GET',
        this.paths.property(objectType, definition.name),
      );
      requests.push(current.request);
      const property = toHubSpotProperty(current.body);
      if (!property) throw badResponse(current.request, 'without a property definition');
      check(property, definition);
    }
    if (mismatches.length > 0) throw new PropertyMismatchError(objectType, mismatches);
    return {
      objectType,
      groupName,
      groupCreated: group.status !== 409,
      created,
      existing,
      portalProperties: [...new Set([...existingByName.keys(), ...created])],
      requests,
    };
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private objectsOf(answer: JsonAnswer): CrmObject[] {
    if (!Array.isArray(answer.body.results))
      throw badResponse(answer.request, 'without a results list');
    return answer.body.results.map(toCrmObject).filter((o): o is CrmObject => o !== undefined);
  }
}

function badResponse(request: RequestAudit, what: string): HubSpotError {
  return new HubSpotError({
    kind: 'bad-response',
    status: request.status,
    correlationId: request.correlationId,
    request,
    message: `HubSpot ${request.method} ${request.path} answered ${what}`,
  });
}

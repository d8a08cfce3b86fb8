import { errorResponse, validationError } from './error-bodies';
import type { PartialFailureMode } from './faults';
import { normaliseUnique, type ObjectStore, type SimObject } from './object-store';
import { OBJECT_TYPE_IDS, type SimObjectType } from './property-model';
import type { PropertyRegistry } from './property-registry';
import {
  isValidEmail,
  validatePropertyValue,
  type PropertyValueError,
} from './property-value-validation';
import { shuffleInPlace } from './seeded-random';
import type { SimResponse } from './sim-response';
import { LAST_MODIFIED_PROPERTY } from './standard-properties';

export const MAX_BATCH_INPUTS = 100;

export interface UpsertContext {
  objectType: SimObjectType;
  registry: PropertyRegistry;
  store: ObjectStore;
  partialFailureMode: PartialFailureMode;
  random: () => number;
  nowIso: string;
  portalId: number;
  correlationId: string;
}

export interface UpsertReport {
  response: SimResponse;
  created: number;
  updated: number;
}

interface ParsedInput {
  id: string;
  idProperty: string;
  properties: Record<string, string>;
  traceId: string | undefined;
}

interface InputFailure {
  category: string;
  message: string;
  problems: PropertyValueError[];
}

type Parsed = { ok: true; inputs: ParsedInput[] } | { ok: false; response: SimResponse };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TYPE_LABEL: Record<SimObjectType, string> = { contacts: 'Contact', companies: 'Company' };

/** `POST .../{objectType}/batch/upsert`, with HubSpot's all-or-nothing and 207 behaviours. */
export function batchUpsert(context: UpsertContext, body: unknown): UpsertReport {
  const startedAt = context.nowIso;
  // HubSpot's quirk: without the `inputs` wrapper it answers success and writes nothing.
  if (!isRecord(body) || body.inputs === undefined) {
    return done({
      status: 200,
      body: { status: 'COMPLETE', results: [], startedAt, completedAt: startedAt },
    });
  }
  const parsed = parseInputs(context, body.inputs);
  if (!parsed.ok) return done(parsed.response);
  const { inputs } = parsed;

  const failures = new Map<number, InputFailure>();
  inputs.forEach((input, index) => {
    const problems = validateInput(context, input);
    if (problems.length > 0) {
      failures.set(index, {
        category: 'VALIDATION_ERROR',
        message: `Property values were not valid: ${JSON.stringify(problems)}`,
        problems,
      });
    }
  });
  const partial = context.partialFailureMode === '207' && everyTraceIdUnique(inputs);
  if (failures.size > 0 && !partial) return done(wholeBatchFailure(context, failures));

  const written: { object: SimObject; created: boolean; input: ParsedInput }[] = [];
  const { objectType, store } = context;
  const lastModified = LAST_MODIFIED_PROPERTY[objectType];
  store.transaction(() => {
    inputs.forEach((input, index) => {
      if (failures.has(index)) return;
      const outcome = store.upsert(
        input.idProperty,
        input.id,
        input.properties,
        context.nowIso,
        (o) => ({
          hs_object_id: o.id,
          createdate: o.createdAt,
          [lastModified]: o.updatedAt,
        }),
      );
      if (outcome.ok) written.push({ ...outcome, input });
      else {
        failures.set(index, {
          category: 'CONFLICT',
          message: `${TYPE_LABEL[objectType]} already exists. Existing ID: ${outcome.conflict.existingId}`,
          problems: [],
        });
      }
    });
    return failures.size === 0 || partial;
  });
  if (failures.size > 0 && !partial) return done(wholeBatchFailure(context, failures));

  const results = shuffleInPlace(
    written.map(({ object, created, input }) => resultJson(object, created, input, lastModified)),
    context.random,
  );
  const created = written.filter((w) => w.created).length;
  const report = { created, updated: written.length - created };
  // The simulated clock, so tests with a fake clock see consistent timestamps.
  const completedAt = context.nowIso;
  if (failures.size === 0) {
    return {
      ...report,
      response: { status: 200, body: { status: 'COMPLETE', results, startedAt, completedAt } },
    };
  }
  const errors = groupErrors(inputs, failures);
  return {
    ...report,
    response: {
      status: 207,
      body: {
        status: 'COMPLETE',
        results,
        numErrors: errors.length,
        errors,
        startedAt,
        completedAt,
      },
    },
  };

  function done(response: SimResponse): UpsertReport {
    return { response, created: 0, updated: 0 };
  }
}

function parseInputs(context: UpsertContext, raw: unknown): Parsed {
  const invalid = (detail: string): Parsed => ({
    ok: false,
    response: validationError(`Invalid input JSON: ${detail}`, context.correlationId),
  });
  if (!Array.isArray(raw)) return invalid('inputs must be an array');
  if (raw.length > MAX_BATCH_INPUTS) {
    return {
      ok: false,
      response: validationError(
        `The maximum number of inputs supported in a batch request is ${MAX_BATCH_INPUTS}. Please reduce the number of items and try again`,
        context.correlationId,
      ),
    };
  }
  const inputs: ParsedInput[] = [];
  for (const [index, item] of raw.entries()) {
    if (!isRecord(item)) return invalid(`inputs[${index}] must be an object`);
    const { id, idProperty, objectWriteTraceId } = item;
    if (typeof id !== 'string' || id === '')
      return invalid(`inputs[${index}].id must be a non-empty string`);
    if (typeof idProperty !== 'string' || idProperty === '') {
      return invalid(`inputs[${index}].idProperty is required for upsert`);
    }
    if (objectWriteTraceId !== undefined && typeof objectWriteTraceId !== 'string') {
      return invalid(`inputs[${index}].objectWriteTraceId must be a string`);
    }
    const rawProperties = item.properties ?? {};
    if (!isRecord(rawProperties)) return invalid(`inputs[${index}].properties must be an object`);
    const properties: Record<string, string> = {};
    for (const [name, value] of Object.entries(rawProperties)) {
      if (typeof value === 'string') properties[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean')
        properties[name] = String(value);
      else return invalid(`inputs[${index}].properties.${name} must be a string`);
    }
    inputs.push({ id, idProperty, properties, traceId: objectWriteTraceId });
  }
  const nonUnique = inputs.find(
    (input) => !context.registry.isUpsertKey(context.objectType, input.idProperty),
  );
  if (nonUnique) {
    return {
      ok: false,
      response: validationError(
        `Unable to perform update/upsert by non-unique ${OBJECT_TYPE_IDS[context.objectType]} property ${nonUnique.idProperty} in portal ID ${context.portalId}`,
        context.correlationId,
      ),
    };
  }
  const duplicates = duplicateIds(inputs);
  if (duplicates.length > 0) {
    return {
      ok: false,
      response: validationError(
        `Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`,
        context.correlationId,
      ),
    };
  }
  return { ok: true, inputs };
}

function duplicateIds(inputs: readonly ParsedInput[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    const key = `${input.idProperty}\u0000${normaliseUnique(input.idProperty, input.id)}`;
    if (seen.has(key)) duplicates.add(input.id);
    seen.add(key);
  }
  return [...duplicates];
}

function validateInput(context: UpsertContext, input: ParsedInput): PropertyValueError[] {
  const problems: PropertyValueError[] = [];
  const { registry, objectType } = context;
  const keyProperty = registry.get(objectType, input.idProperty);
  if (input.idProperty === 'email' && !isValidEmail(input.id)) {
    problems.push({
      isValid: false,
      message: `Email address ${input.id} is invalid`,
      error: 'INVALID_EMAIL',
      name: 'email',
    });
  } else if (keyProperty) {
    const problem = validatePropertyValue(keyProperty, input.id);
    if (problem) problems.push(problem);
  }
  const statedKey = input.properties[input.idProperty];
  if (
    statedKey !== undefined &&
    normaliseUnique(input.idProperty, statedKey) !== normaliseUnique(input.idProperty, input.id)
  ) {
    // Silently re-keying a record would hide a mapping bug, so the simulator refuses it.
    problems.push({
      isValid: false,
      message: `Property ${input.idProperty} value ${statedKey} does not match the input id ${input.id}`,
      error: 'INVALID_ID_PROPERTY_VALUE',
      name: input.idProperty,
    });
  }
  for (const [name, value] of Object.entries(input.properties)) {
    if (name === input.idProperty && statedKey !== undefined) continue;
    const property = registry.get(objectType, name);
    if (!property) {
      problems.push({
        isValid: false,
        message: `Property "${name}" does not exist`,
        error: 'PROPERTY_DOESNT_EXIST',
        name,
      });
      continue;
    }
    const problem = validatePropertyValue(property, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

function everyTraceIdUnique(inputs: readonly ParsedInput[]): boolean {
  const ids = inputs.map((input) => input.traceId);
  return ids.every((id) => id !== undefined && id !== '') && new Set(ids).size === ids.length;
}

function wholeBatchFailure(
  context: UpsertContext,
  failures: ReadonlyMap<number, InputFailure>,
): SimResponse {
  const problems = [...failures.values()].flatMap((failure) => failure.problems);
  if (problems.length > 0) {
    return validationError(
      `Property values were not valid: ${JSON.stringify(problems)}`,
      context.correlationId,
    );
  }
  const [first] = failures.values();
  return errorResponse(409, first.category, first.message, context.correlationId);
}

/** HubSpot reports identical errors once, listing every trace id they apply to. */
function groupErrors(
  inputs: readonly ParsedInput[],
  failures: ReadonlyMap<number, InputFailure>,
): Record<string, unknown>[] {
  const groups = new Map<string, { failure: InputFailure; traceIds: string[] }>();
  for (const [index, failure] of failures) {
    const key = `${failure.category}\u0000${failure.message}`;
    const group = groups.get(key) ?? { failure, traceIds: [] };
    group.traceIds.push(inputs[index].traceId ?? '');
    groups.set(key, group);
  }
  return [...groups.values()].map(({ failure, traceIds }) => ({
    status: 'error',
    category: failure.category,
    message: failure.message,
    context: { objectWriteTraceId: traceIds },
  }));
}

function resultJson(
  object: SimObject,
  created: boolean,
  input: ParsedInput,
  lastModified: string,
): Record<string, unknown> {
  const names = new Set([
    ...Object.keys(input.properties),
    input.idProperty,
    'hs_object_id',
    'createdate',
    lastModified,
  ]);
  const properties: Record<string, string> = {};
  for (const name of names) {
    const value = object.properties[name];
    if (value !== undefined) properties[name] = value;
  }
  return {
    id: object.id,
    properties,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: false,
    new: created,
  };
}

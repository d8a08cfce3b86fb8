import { UNACCOUNTED, type TracedUpsertInput, type UpsertInputOutcome } from './batch-upsert-types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** HubSpot lower-cases emails, so a result's email may differ in case from the input id. */
export function normaliseIdValue(idProperty: string, value: string): string {
  return idProperty === 'email' ? value.trim().toLowerCase() : value;
}

const keyOf = (idProperty: string, value: string) =>
  `${idProperty}\u0000${normaliseIdValue(idProperty, value)}`;

/** True when `id` appears in `message` as a whole token, so E1 does not match inside E10. */
export function mentionsId(message: string, id: string): boolean {
  let from = 0;
  for (;;) {
    const at = message.indexOf(id, from);
    if (at < 0) return false;
    const before = message[at - 1];
    const after = message[at + id.length];
    if (!isIdChar(before) && !isIdChar(after)) return true;
    from = at + 1;
  }
}

function isIdChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_@.+-]/.test(char);
}

/**
 * Pairs each input with what HubSpot said about it, whatever the order of `results` and
 * `errors`. Results are matched by trace id or by the id property's value; errors by
 * `context.objectWriteTraceId`, context ids, or ids named in the message. An input nothing
 * accounts for is a failure: a 2xx is never taken as success on its own.
 */
export function matchBatchResults(
  inputs: readonly TracedUpsertInput[],
  body: Record<string, unknown>,
  correlationId: string | undefined,
): UpsertInputOutcome[] {
  const byTrace = new Map<string, number>();
  const byKey = new Map<string, number>();
  inputs.forEach((input, index) => {
    byTrace.set(input.objectWriteTraceId, index);
    byKey.set(keyOf(input.idProperty, input.id), index);
  });
  const idProperties = [...new Set(inputs.map((input) => input.idProperty))];
  const outcomes = new Map<number, UpsertInputOutcome>();

  for (const result of Array.isArray(body.results) ? body.results : []) {
    if (!isRecord(result) || typeof result.id !== 'string') continue;
    const index = resultIndex(result, byTrace, byKey, idProperties);
    if (index === undefined || outcomes.has(index)) continue;
    const input = inputs[index];
    outcomes.set(index, {
      ok: true,
      id: input.id,
      objectWriteTraceId: input.objectWriteTraceId,
      hubspotId: result.id,
      created: result.new === true,
    });
  }

  // Errors are applied after results: if HubSpot names an input in both, the failure wins.
  for (const error of Array.isArray(body.errors) ? body.errors : []) {
    if (!isRecord(error)) continue;
    const category = typeof error.category === 'string' ? error.category : 'UNKNOWN';
    const message =
      typeof error.message === 'string'
        ? error.message
        : 'HubSpot reported an error without a message';
    for (const index of errorIndexes(error, message, inputs, byTrace, byKey)) {
      const input = inputs[index];
      outcomes.set(index, {
        ok: false,
        id: input.id,
        objectWriteTraceId: input.objectWriteTraceId,
        category,
        message,
        correlationId,
      });
    }
  }

  return inputs.map(
    (input, index) =>
      outcomes.get(index) ?? {
        ok: false,
        id: input.id,
        objectWriteTraceId: input.objectWriteTraceId,
        category: UNACCOUNTED,
        message:
          'HubSpot answered success but neither a result nor an error accounts for this input; it may not have been written',
        correlationId,
      },
  );
}

function resultIndex(
  result: Record<string, unknown>,
  byTrace: ReadonlyMap<string, number>,
  byKey: ReadonlyMap<string, number>,
  idProperties: readonly string[],
): number | undefined {
  if (typeof result.objectWriteTraceId === 'string') {
    const index = byTrace.get(result.objectWriteTraceId);
    if (index !== undefined) return index;
  }
  const properties = isRecord(result.properties) ? result.properties : {};
  for (const idProperty of idProperties) {
    const value = properties[idProperty];
    if (typeof value !== 'string') continue;
    const index = byKey.get(keyOf(idProperty, value));
    if (index !== undefined) return index;
  }
  return undefined;
}

function errorIndexes(
  error: Record<string, unknown>,
  message: string,
  inputs: readonly TracedUpsertInput[],
  byTrace: ReadonlyMap<string, number>,
  byKey: ReadonlyMap<string, number>,
): number[] {
  const context = isRecord(error.context) ? error.context : {};
  const found = new Set<number>();
  for (const trace of strings(context.objectWriteTraceId)) {
    const index = byTrace.get(trace);
    if (index !== undefined) found.add(index);
  }
  if (found.size > 0) return [...found];
  const contextIds = [...strings(context.ids), ...strings(context.id)];
  for (const id of contextIds) {
    for (const [index, input] of inputs.entries()) {
      if (byKey.get(keyOf(input.idProperty, id)) === index) found.add(index);
    }
  }
  if (found.size > 0) return [...found];
  inputs.forEach((input, index) => {
    if (mentionsId(message, input.id)) found.add(index);
  });
  return [...found];
}

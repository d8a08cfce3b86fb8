import { randomUUID } from 'node:crypto';
import {
  MAX_BATCH_INPUTS,
  type BatchUpsertInput,
  type TracedUpsertInput,
} from './batch-upsert-types';
import { InvalidBatchError } from './hubspot-error';
import { normaliseIdValue } from './match-batch-results';

/**
 * Refuses, before any request, a batch HubSpot would refuse whole, and gives every input a trace
 * id: without one HubSpot cannot attribute per-input errors and answers a whole-batch 400.
 */
export function prepareBatch(inputs: readonly BatchUpsertInput[]): TracedUpsertInput[] {
  if (inputs.length === 0) throw new InvalidBatchError('a batch upsert needs at least one input');
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw new InvalidBatchError(
      `a batch upsert takes at most ${MAX_BATCH_INPUTS} inputs, got ${inputs.length}`,
    );
  }
  const ids = new Set<string>();
  const traces = new Set<string>();
  const duplicateIds: string[] = [];
  const traced = inputs.map((input) => {
    if (input.id === '' || input.idProperty === '') {
      throw new InvalidBatchError('every batch input needs an id and an idProperty');
    }
    const key = `${input.idProperty}\u0000${normaliseIdValue(input.idProperty, input.id)}`;
    if (ids.has(key)) duplicateIds.push(input.id);
    ids.add(key);
    const objectWriteTraceId = input.objectWriteTraceId ?? randomUUID();
    if (objectWriteTraceId === '' || traces.has(objectWriteTraceId)) {
      throw new InvalidBatchError(
        `objectWriteTraceId must be unique and not empty in a batch (input ${input.id}); results could not be matched otherwise`,
      );
    }
    traces.add(objectWriteTraceId);
    return { ...input, objectWriteTraceId };
  });
  if (duplicateIds.length > 0) {
    throw new InvalidBatchError(
      `duplicate ids in one batch: [${duplicateIds.join(', ')}]; HubSpot would refuse it whole`,
    );
  }
  return traced;
}

export function checkReadBatch(ids: readonly string[], max: number): void {
  if (ids.length === 0) throw new InvalidBatchError('a batch read needs at least one id');
  if (ids.length > max) {
    throw new InvalidBatchError(`a batch read takes at most ${max} ids, got ${ids.length}`);
  }
  if (ids.some((id) => id === '')) throw new InvalidBatchError('a batch read id must not be empty');
}

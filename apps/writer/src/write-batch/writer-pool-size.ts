import { DEFAULT_POOL_SIZE } from '@ml/database';

/**
 * Postgres connections one writer needs so that its batches never wait on each other for one.
 * A batch in flight holds a connection for its transaction (the record locks, from reading the
 * synced state to committing the audit) and, inside it, awaits statements on another one (the
 * shared rate limit, the portal's pause); the first batch of a connection and object type also
 * waits for the property bootstrap, which has a transaction of its own. With the pool at 10 and
 * 10 or more batches in flight, every connection was held by a batch waiting for an eleventh, and
 * the writer stopped for good (reproduced with WRITER_CONCURRENCY=16). Here the transactions take
 * at most two per batch, and two connections are always left for the statements they wait on.
 */
export function writerPoolSize(concurrency: number): number {
  return Math.max(DEFAULT_POOL_SIZE, 2 * concurrency + 2);
}

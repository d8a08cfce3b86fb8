import { DEFAULT_POOL_SIZE } from '@ml/database';

/**
 * Postgres connections one writer needs so that its batches never wait on each other for one.
 * A batch in flight holds a connection for its transaction (the record locks, from reading the
 * synced state to committing the audit) and, inside it, awaits statements on a second one, one
 * at a time: the shared rate limit, the portal's pause. With the pool at 10 and 10 or more
 * batches in flight, every connection was held by a batch waiting for an eleventh, and the writer
 * stopped for good (reproduced with WRITER_CONCURRENCY=16). Two per batch, plus two for the
 * health checks and the connection cache.
 */
export function writerPoolSize(concurrency: number): number {
  return Math.max(DEFAULT_POOL_SIZE, 2 * concurrency + 2);
}

import type { HttpRequest, HttpResponse } from './correlation-id';

/** No admin request needs more; the mapping document, the deepest, uses about six levels. */
export const MAX_BODY_DEPTH = 32;
/** Keys that mean something to JavaScript objects rather than to this API. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with a parsed JSON body's shape, or null. Iterative: a hostile depth cannot overflow the stack. */
export function bodyShapeProblem(body: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [
    { value: body, depth: 0, path: '' },
  ];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: string };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      // Named after the top-level field, like every other validation message.
      const field = path.split('/')[1] ?? 'request body';
      return `${field} nests deeper than ${MAX_BODY_DEPTH} levels (at ${path})`;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `property ${path}/${key} should not exist`;
      stack.push({
        value: (value as Record<string, unknown>)[key],
        depth: depth + 1,
        path: `${path}/${key}`,
      });
    }
  }
  return null;
}

/**
 * Runs after the JSON parser, before validation: class-transformer recurses without a limit
 * (a 5,000-level body overflowed the stack into a 500) and passes `__proto__` keys through.
 */
export function bodyShapeMiddleware(
  req: HttpRequest & { body?: unknown },
  res: HttpResponse,
  next: () => void,
): void {
  const problem = bodyShapeProblem(req.body);
  if (problem === null) return next();
  res.status(400).json({
    statusCode: 400,
    error: 'Bad Request',
    message: problem,
    correlationId: req.correlationId,
  });
}

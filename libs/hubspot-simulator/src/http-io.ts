import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from './sim-response';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads the whole body; undefined when it exceeds the limit. */
export async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function send(
  response: ServerResponse,
  answer: SimResponse,
  extraHeaders: Record<string, string> = {},
): void {
  if (response.writableEnded || response.destroyed) return;
  const headers: Record<string, string> = { ...extraHeaders, ...answer.headers };
  let payload = '';
  if (answer.html !== undefined) {
    headers['Content-Type'] = 'text/html';
    payload = answer.html;
  } else if (answer.body !== undefined) {
    headers['Content-Type'] = 'application/json;charset=utf-8';
    payload = JSON.stringify(answer.body);
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(answer.status, headers);
  response.end(payload);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(raw: Buffer): JsonBody {
  if (raw.length === 0)
    return { ok: false, message: 'Invalid input JSON: the request body is empty' };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid input JSON on line 1: ${reason}` };
  }
}

/** The parts of the admin API's answers the demo reads (see openapi.json for the whole). */
export interface ConnectionView {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly attention: string | null;
  readonly hubspot: { readonly baseUrl: string };
  readonly peoplesoft: { readonly host: string; readonly port: number };
}

export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly latencyMs: number | null;
  readonly detail: string;
  readonly hint: string | null;
}

export interface ConnectionTestReport {
  readonly ok: boolean;
  readonly checks: CheckResult[];
  readonly hubspotAccount: { readonly portalId: number; readonly timeZone: string } | null;
}

export type Outcome =
  'created' | 'updated' | 'unchanged' | 'stale' | 'superseded' | 'retrying' | 'failed' | 'invalid';

export interface RunDetail {
  readonly id: string;
  readonly trigger: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly fetched: number;
  readonly emitted: number;
  readonly invalid: number;
  readonly error: string | null;
  readonly outcomes: Record<Outcome, number>;
  readonly settledRecords: number;
  readonly complete: boolean;
}

export interface RecordItem {
  readonly sourceId: string;
  readonly entity: string;
  readonly status: string;
  readonly lastError: string | null;
  readonly lastAttempt: { readonly outcome: string; readonly errorMessage: string | null } | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${describeBody(body)}`);
  }
}

/** A thin client of the admin API, authenticated with the demo's generated key. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return this.request<T>('GET', url);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', new URL(path, this.baseUrl), body);
  }

  /** A POST whose non-2xx answers the caller handles itself (e.g. 409 on a busy connection). */
  postRaw(path: string, body: unknown = {}): Promise<{ status: number; body: unknown }> {
    return this.send('POST', new URL(path, this.baseUrl), body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', new URL(path, this.baseUrl), body);
  }

  /** Every page of a cursor-paginated list. */
  async all<T>(path: string, query: Record<string, string | number | undefined>): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<Page<T>>(path, { ...query, limit: 200, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  private async request<T>(method: string, url: URL, body?: unknown): Promise<T> {
    const answer = await this.send(method, url, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    throw new ApiError(answer.status, answer.body, `${method} ${url.pathname}`);
  }

  private async send(
    method: string,
    url: URL,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const answer = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? safeJson(text) : null };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300);
}

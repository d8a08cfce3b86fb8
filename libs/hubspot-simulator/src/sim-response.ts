/** What a route handler answers; the server adds correlation and rate-limit headers. */
export interface SimResponse {
  status: number;
  /** A JSON value, or a string sent as an HTML page. */
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

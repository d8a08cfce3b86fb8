/** Placeholder that replaces credentials in anything this lib logs or throws. */
export const REDACTED = '***';

/** The URL with its password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = REDACTED;
    return parsed.toString();
  } catch {
    // An unparsable URL may still carry "user:pass@": hide everything between "//" and "@".
    return url.replace(/\/\/[^/@]*@/, `//${REDACTED}@`);
  }
}

/** Every form in which the URL's password could appear in text (raw and percent-encoded). */
export function secretsOf(url: string): string[] {
  let encoded: string;
  try {
    encoded = new URL(url).password;
  } catch {
    // Unparsable, yet "scheme://user:password@" may still be there (redactUrl hides it too).
    encoded = /^[^:/]*:\/\/[^/:@]*:([^/@]*)@/.exec(url)?.[1] ?? '';
  }
  if (!encoded) return [];
  return [...new Set([encoded, safeDecode(encoded)])].filter((s) => s.length > 0);
}

export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * A copy of the error whose message cannot leak the password. Deliberately without `cause`:
 * loggers serialise causes, which would bring the unredacted original back.
 */
export function redactError(error: unknown, secrets: readonly string[]): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redactText(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.assign(copy, { code });
  }
  return copy;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

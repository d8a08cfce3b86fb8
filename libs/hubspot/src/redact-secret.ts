/** Replaces every occurrence of `secret` in `text`, so a token can never reach a message or log. */
export function redactSecret(text: string, secret: string): string {
  if (secret === '') return text;
  return text.split(secret).join('[redacted]');
}

/** Shorter values would blank out ordinary words; no real password or token is that short. */
const MIN_SECRET_LENGTH = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every secret, and its percent- and base64-encoded forms, with `***`. Servers echo
 * request parts back in error pages, so every error text passes through this before leaving.
 */
export function secretScrubber(secrets: () => readonly string[]): (text: string) => string {
  return (text) => {
    const forms = new Set<string>();
    for (const secret of secrets()) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
    }
    const ordered = [...forms]
      .filter((f) => f.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
    if (ordered.length === 0) return text;
    return text.replace(new RegExp(ordered.map(escapeRegExp).join('|'), 'g'), '***');
  };
}

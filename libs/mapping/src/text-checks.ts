// C0 and C1 controls other than tab, line feed and carriage return. PeopleSoft lets them in
// through copy-paste and bad code-page conversions; HubSpot and Postgres refuse NUL outright.
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A UTF-16 half without its partner cannot be encoded as UTF-8: JSON serialisation would
// silently replace it, so the value written would not be the value hashed.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_GLOBAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const codePoint = (char: string) =>
  'U+' + (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');

/**
 * True when no character can be unsafe: no control character and no surrogate at all. A plain
 * loop, because the mapper asks this of every value twice and the answer is nearly always yes;
 * only the rare value with a control character or any surrogate (emoji included) goes on to the
 * regexes, which then decide.
 */
function isPlainText(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
    } else if ((code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
  }
  return true;
}

/** Says why a value cannot be sent as text, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (isPlainText(value)) return undefined;
  const control = CONTROL_CHAR.exec(value);
  if (control !== null) {
    return `contains the control character ${codePoint(control[0])} at position ${control.index + 1}`;
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate !== null) {
    return `contains a broken Unicode character (${codePoint(surrogate[0])}) at position ${surrogate.index + 1}`;
  }
  return undefined;
}

/**
 * Makes a value safe to show inside a reason or note: reasons end up in logs and Postgres text
 * columns, which must not receive NUL or unpaired surrogates.
 */
export function escapeUnsafe(value: string): string {
  return value.replace(UNSAFE_GLOBAL, (char) => `\\u${codePoint(char).slice(2)}`);
}

/** The fields of an Integration Broker `<IBResponse type="error">` document. */
export interface IbResponseFields {
  readonly messageSet: number | undefined;
  readonly messageId: number | undefined;
  readonly message: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return safeCodePoint(Number.parseInt(entity.slice(2), 16), whole);
    }
    if (entity.startsWith('#')) return safeCodePoint(Number.parseInt(entity.slice(1), 10), whole);
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : fallback;
}

function element(body: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(body);
  if (!match) return undefined;
  const inner = (match[1] ?? '').replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
  return decodeXmlText(inner).trim();
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

export function isIbResponse(body: string): boolean {
  return /<IBResponse[\s>]/i.test(body);
}

/**
 * Reads an IBResponse by pattern rather than with an XML parser: the document is small and flat,
 * and a body cut short must still yield whatever message it carries.
 */
export function readIbResponse(body: string): IbResponseFields {
  const fromText = /\((\d+),(\d+)\)\s*\.?\s*$/.exec(element(body, 'DefaultMessage') ?? '');
  return {
    messageSet: integer(element(body, 'MessageSet')) ?? integer(fromText?.[1]),
    messageId: integer(element(body, 'MessageID')) ?? integer(fromText?.[2]),
    message: element(body, 'DefaultMessage') ?? '',
  };
}

/** The title and visible text of an HTML page, tags stripped, for error messages. */
export function readHtml(body: string): { readonly title: string; readonly text: string } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '';
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
  return { title: decodeXmlText(title).trim(), text: decodeXmlText(text).trim() };
}

export function looksLikeHtml(body: string, contentType: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*(<!doctype html|<html)/i.test(body);
}

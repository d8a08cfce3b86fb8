const MAX_QUOTE = 300;

/** Keeps quoted server text short and printable, so a hostile page cannot flood logs. */
export function quote(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return printable.length > MAX_QUOTE ? `${printable.slice(0, MAX_QUOTE)}…` : printable;
}

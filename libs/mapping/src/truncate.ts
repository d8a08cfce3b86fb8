/**
 * Cuts to at most maxLength UTF-16 units (HubSpot counts Java chars) without splitting a
 * surrogate pair, so a truncated value is still valid Unicode.
 */
export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  let end = maxLength;
  const last = value.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end).trimEnd();
}

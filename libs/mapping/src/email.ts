import { EMAIL_LOCAL_PART_MAX_LENGTH, EMAIL_MAX_LENGTH } from './hubspot-limits';

// Dot-atom local part (RFC 5322 atext, no quoted strings), which is what HubSpot accepts.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Lower-cases and trims the way HubSpot stores addresses, so the hash matches what is stored. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * Syntax check for a normalised address: ASCII dot-atom local part, a registered-style domain of
 * at least two labels and an alphabetic (or punycode) top-level domain. IP-literal domains,
 * quoted local parts and raw Unicode are refused because HubSpot refuses them.
 */
export function isValidEmail(email: string): boolean {
  if (email.length === 0 || email.length > EMAIL_MAX_LENGTH) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at > EMAIL_LOCAL_PART_MAX_LENGTH || at === email.length - 1) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (!DOMAIN_LABEL.test(label)) return false;
  }
  return TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]);
}

import { ISO_3166_ALPHA3, PEOPLESOFT_LEGACY_ALPHA3 } from './iso-3166-countries';

const BY_CODE = new Map<string, readonly [string, string]>();
for (const [code, entry] of Object.entries(ISO_3166_ALPHA3)) BY_CODE.set(code, entry);
for (const [code, entry] of Object.entries(PEOPLESOFT_LEGACY_ALPHA3)) BY_CODE.set(code, entry);

/** PeopleSoft 3-letter country code → country name; undefined for an unknown code. */
export function countryNameFromAlpha3(code: string): string | undefined {
  return BY_CODE.get(code.trim().toUpperCase())?.[1];
}

/** PeopleSoft 3-letter country code → ISO alpha-2, the region a phone number is read in. */
export function regionFromAlpha3(code: string): string | undefined {
  return BY_CODE.get(code.trim().toUpperCase())?.[0];
}

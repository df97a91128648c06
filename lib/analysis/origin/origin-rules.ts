import ct from 'countries-and-timezones';

/**
 * Country and time-zone comparisons. The IP country is measured by the server (trusted, but a VPN
 * or a residential proxy moves it); the claimed country/time zone come from the hiring manager;
 * the browser time zone is candidate-reported (untrusted, trivially set).
 */

export type TMismatch = 'claimed-country' | 'browser-timezone' | 'claimed-timezone';

/** Countries that use a time zone (aliases resolved), upper case; empty when the zone is unknown. */
export function countriesOfTimeZone(timeZone: string): string[] {
  const tz = ct.getTimezone(timeZone);
  if (!tz) return [];
  const own = tz.countries;
  if (own.length > 0 || !tz.aliasOf) return own.map((c) => c.toUpperCase());
  return (ct.getTimezone(tz.aliasOf)?.countries ?? []).map((c) => c.toUpperCase());
}

export interface TOriginClaims {
  ipCountry: string | null;
  claimedCountry: string | null;
  claimedTimeZone: string | null;
  browserTimeZone: string | null;
}

/** Every comparison that can be made and disagrees; a missing or unknown value compares nothing. */
export function originMismatches(c: TOriginClaims): TMismatch[] {
  const out: TMismatch[] = [];
  const ip = c.ipCountry?.toUpperCase() ?? null;
  if (ip && c.claimedCountry && c.claimedCountry.toUpperCase() !== ip) out.push('claimed-country');
  if (ip && c.browserTimeZone) {
    const countries = countriesOfTimeZone(c.browserTimeZone);
    if (countries.length > 0 && !countries.includes(ip)) out.push('browser-timezone');
  }
  if (ip && c.claimedTimeZone) {
    const countries = countriesOfTimeZone(c.claimedTimeZone);
    if (countries.length > 0 && !countries.includes(ip)) out.push('claimed-timezone');
  }
  return out;
}

export function describeMismatch(c: TOriginClaims, mismatches: TMismatch[]): string {
  const parts = mismatches.map((m) =>
    m === 'claimed-country'
      ? `the claimed country is ${c.claimedCountry}`
      : m === 'browser-timezone'
        ? `the browser reports time zone ${c.browserTimeZone} (candidate-reported)`
        : `the claimed time zone is ${c.claimedTimeZone}`,
  );
  return `The candidate's requests came from an address in ${c.ipCountry}, but ${parts.join(' and ')}.`;
}

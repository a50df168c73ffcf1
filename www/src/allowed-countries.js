// Which numbers this service calls: ALLOWED_COUNTRIES, checked against what the package's
// describePhoneNumber() makes of the number (its region, its country calling code).
//
//   ALLOWED_COUNTRIES = "SK,CZ"    numbers of these regions (ISO 3166-1 alpha-2 codes)
//   ALLOWED_COUNTRIES = "*"        numbers of every region (every country)
//   ALLOWED_COUNTRIES = "SK,+882"  a "+" entry allows one country calling code as a whole
//
// Non-geographic calling codes (international networks +882/+883, satellite +881,
// shared cost +808, premium +979, freephone +800, ...) have no region: they are refused
// unless their "+" entry is listed, whatever else is, "*" included. They are where
// international revenue-share fraud lives, and no ordinary customer verifies one.

/**
 * "SK, cz,+882" -> { anyRegion: false, regions: ["SK", "CZ"], callingCodes: ["882"] }.
 * Throws an Error saying what is wrong; an empty list is an error (it would refuse every
 * number, which is never what an operator meant).
 */
export function parseAllowedCountries(value) {
  const entries = String(value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean);
  if (entries.length === 0) throw new Error('the list is empty: name regions such as "SK,CZ", or "*" for every country');
  const allowed = { anyRegion: false, regions: [], callingCodes: [] };
  for (const entry of entries) {
    if (entry === "*") allowed.anyRegion = true;
    else if (/^[A-Za-z]{2}$/.test(entry)) pushOnce(allowed.regions, entry.toUpperCase());
    else if (/^\+[1-9][0-9]{0,2}$/.test(entry)) pushOnce(allowed.callingCodes, entry.slice(1));
    else throw new Error(`"${entry}" is not a region code (SK), "*", or a calling code written with "+" (+882)`);
  }
  return allowed;
}

/**
 * Whether the number may be called.
 * @param {{ countryCallingCode: string, region: string | null }} description what
 *   describePhoneNumber() returned for it
 */
export function isNumberAllowed(description, allowed) {
  if (allowed.callingCodes.includes(description.countryCallingCode)) return true;
  // No region: a non-geographic code, or one the numbering plan cannot place.
  if (!description.region) return false;
  return allowed.anyRegion || allowed.regions.includes(description.region);
}

/** What the page shows ("we call numbers in Slovakia and Czechia"). */
export function publicAllowedCountries(allowed) {
  return { anyCountry: allowed.anyRegion, regions: allowed.regions, callingCodes: allowed.callingCodes };
}

function pushOnce(list, item) {
  if (!list.includes(item)) list.push(item);
}

/** The ETag of a contact at a version: a strong validator, the version in quotes. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * Reads `If-Match` as the version a write expects: absent or `*` is none (last write wins, as
 * tRPC without `expectedVersion`); one strong ETag `"<version>"` is that version. Anything
 * else (a weak ETag, a list, a version that is not a whole number) is malformed: weak tags
 * never match under If-Match's strong comparison, and a list would not say one version.
 */
export function parseIfMatch(header: string | null): { ok: true; version?: number } | { ok: false } {
  if (header === null) return { ok: true };
  const value = header.trim();
  if (value === "*") return { ok: true };
  const match = /^"([1-9][0-9]{0,9})"$/.exec(value);
  const version = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(version) && version <= 2_147_483_647 ? { ok: true, version } : { ok: false };
}

import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt as OWASP suggests for interactive logins; about 50 ms and 16 MiB per hash. */
const PARAMS = { N: 16384, r: 16, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 64;

/**
 * Password hashes are `salt:hash` in hex, the format better-auth itself writes, so the web
 * app's sign-in (which is configured with these two functions) and `pnpm scripts user create`
 * agree without the scripts depending on better-auth.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16).toString("hex");
  const key = await scryptAsync(password.normalize("NFKC"), salt, KEY_LENGTH, PARAMS);
  return `${salt}:${key.toString("hex")}`;
}

export async function verifyPassword({
  hash,
  password,
}: {
  hash: string;
  password: string;
}): Promise<boolean> {
  const [salt, stored] = hash.split(":");
  if (!salt || !stored) return false;
  const expected = Buffer.from(stored, "hex");
  const key = await scryptAsync(password.normalize("NFKC"), salt, expected.length || KEY_LENGTH, PARAMS);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

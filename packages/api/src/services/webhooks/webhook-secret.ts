import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { apiEnv } from "../../env";

const PREFIX = "whsec_";
/** Standard Webhooks asks for 24 to 64 random bytes; 32 is a SHA-256 block's worth of key. */
const SECRET_BYTES = 32;

/** A new signing secret, `whsec_<base64>`, as every Standard Webhooks library takes it. */
export const newWebhookSecret = (): string => `${PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;

/**
 * Only for `pnpm dev` and tests without BETTER_AUTH_SECRET (a production server refuses to
 * start without it): secrets stay readable across restarts, but protect nothing.
 */
const DEVELOPMENT_ROOT = "contacts development key: never protects production data";

function keyOf(root: string): Buffer {
  return Buffer.from(hkdfSync("sha256", root, "", "contacts webhook signing secrets v1", 32));
}
let cachedKey: { root: string; key: Buffer } | undefined;
function encryptionKey(): Buffer {
  const root = apiEnv.BETTER_AUTH_SECRET ?? DEVELOPMENT_ROOT;
  if (cachedKey?.root !== root) cachedKey = { root, key: keyOf(root) };
  return cachedKey.key;
}

/**
 * The secret encrypted at rest with AES-256-GCM under a key derived (HKDF) from
 * BETTER_AUTH_SECRET: `v1.<iv>.<tag>.<ciphertext>`, base64url. A copy of the database alone
 * does not let anyone sign as us.
 */
export function encryptWebhookSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export class WebhookSecretUnreadable extends Error {
  constructor() {
    super("The signing secret cannot be decrypted (was BETTER_AUTH_SECRET changed?); rotate it");
    this.name = "WebhookSecretUnreadable";
  }
}

export function decryptWebhookSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new WebhookSecretUnreadable();
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new WebhookSecretUnreadable();
  }
}

/**
 * The `webhook-signature` header of Standard Webhooks: `v1,` and the base64 HMAC-SHA256,
 * keyed by the secret's bytes, of `<webhook-id>.<webhook-timestamp>.<body>`.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

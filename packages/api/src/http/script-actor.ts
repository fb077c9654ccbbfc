import { TRPCError } from "@trpc/server";
import type { Actor } from "../actor";

export const SCRIPT_HEADER = "x-contacts-script";
const SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,79}$/;

/**
 * Names the script behind an API-key call in history: `X-Contacts-Script: contacts import`
 * makes the actor "<key name> (contacts import)". Only API keys: a person's session keeps
 * its own name. A malformed header is refused rather than ignored.
 */
export function withScriptName(actor: Actor | null, headers: Headers): Actor | null {
  const script = headers.get(SCRIPT_HEADER);
  if (script === null || !actor || actor.type !== "api_key") return actor;
  if (!SCRIPT_NAME.test(script)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "X-Contacts-Script must be 1–80 characters of letters, digits, space and . _ : / -",
    });
  }
  return { ...actor, name: `${actor.name} (${script})` };
}

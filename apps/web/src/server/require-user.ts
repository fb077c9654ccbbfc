import type { Actor } from "@contacts/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionActor } from "./auth";
import { PATH_HEADER, signInPathFor } from "./safe-next-path";

/** The signed-in user of the page being rendered; anyone else signs in and comes back here. */
export async function requireUser(): Promise<Actor> {
  const requestHeaders = await headers();
  const actor = await sessionActor(requestHeaders);
  if (!actor) redirect(signInPathFor(requestHeaders.get(PATH_HEADER)));
  return actor;
}

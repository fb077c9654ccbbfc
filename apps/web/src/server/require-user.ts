import type { Actor } from "@contacts/api";
import { type ApiKeyScope, grantsScope } from "@contacts/contracts";
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

/**
 * The signed-in user of an administrator's page, whose role must grant `scope`; anyone else
 * goes to the contacts (the API would refuse them every call on the page anyway).
 */
export async function requireScope(scope: ApiKeyScope): Promise<Actor> {
  const actor = await requireUser();
  if (!grantsScope(actor.scopes, scope)) redirect("/contacts");
  return actor;
}

import type { Actor } from "@contacts/api";
import { type ApiKeyScope, grantsScope } from "@contacts/contracts";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionActor } from "./auth";

/** The signed-in user of the page being rendered; anyone else goes to sign in. */
export async function requireUser(): Promise<Actor> {
  const actor = await sessionActor(await headers());
  if (!actor) redirect("/sign-in");
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

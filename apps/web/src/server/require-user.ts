import type { Actor } from "@contacts/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionActor } from "./auth";

/** The signed-in user of the page being rendered; anyone else goes to sign in. */
export async function requireUser(): Promise<Actor> {
  const actor = await sessionActor(await headers());
  if (!actor) redirect("/sign-in");
  return actor;
}

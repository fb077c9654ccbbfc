import { grantsScope } from "@contacts/contracts";
import { redirect } from "next/navigation";
import { UsersPage } from "@/features/users/users-page";
import { requireUser } from "@/server/require-user";

export const metadata = { title: "Users · Contacts" };

export default async function Page() {
  // Only admins manage users; the API refuses everyone else anyway (403 MISSING_SCOPE).
  const user = await requireUser();
  if (!grantsScope(user.scopes, "users:manage")) redirect("/contacts");
  return <UsersPage />;
}

import { UsersPage } from "@/features/users/users-page";
import { requireScope } from "@/server/require-user";

export const metadata = { title: "Users · Contacts" };

export default async function Page() {
  await requireScope("users:manage");
  return <UsersPage />;
}

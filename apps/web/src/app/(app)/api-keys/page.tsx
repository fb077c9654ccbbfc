import { ApiKeysPage } from "@/features/api-keys-page";
import { requireScope } from "@/server/require-user";

export const metadata = { title: "API keys · Contacts" };

export default async function Page() {
  await requireScope("api_keys:manage");
  return <ApiKeysPage />;
}

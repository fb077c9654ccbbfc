import { ApiKeysPage } from "@/features/api-keys-page";

export const metadata = { title: "API keys · Contacts" };

export default function Page() {
  return <ApiKeysPage />;
}

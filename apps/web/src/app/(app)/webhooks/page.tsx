import { WebhooksPage } from "@/features/webhooks/webhooks-page";
import { requireScope } from "@/server/require-user";

export const metadata = { title: "Webhooks · Contacts" };

export default async function Page() {
  await requireScope("webhooks:manage");
  return <WebhooksPage />;
}

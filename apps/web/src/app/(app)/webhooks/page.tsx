import { WebhooksPage } from "@/features/webhooks/webhooks-page";

export const metadata = { title: "Webhooks · Contacts" };

export default function Page() {
  return <WebhooksPage />;
}

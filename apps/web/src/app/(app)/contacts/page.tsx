import { Suspense } from "react";
import { ContactList } from "@/features/contacts/contact-list";
import { firstListPage } from "@/server/first-list-page";

export const metadata = { title: "Contacts" };

export default async function ContactsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const initial = await firstListPage(await searchParams);
  // The list reads its view from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ContactList initial={initial} />
    </Suspense>
  );
}

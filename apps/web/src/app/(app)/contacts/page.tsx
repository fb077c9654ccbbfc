import { Suspense } from "react";
import { ContactList } from "@/features/contacts/contact-list";

export const metadata = { title: "Contacts" };

export default function ContactsPage() {
  // The list reads its view from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ContactList />
    </Suspense>
  );
}

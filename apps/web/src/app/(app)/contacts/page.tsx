import { ContactList } from "@/features/contacts/contact-list";

export const metadata = { title: "Contacts" };

export default function ContactsPage() {
  return <ContactList />;
}

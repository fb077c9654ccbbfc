import { DuplicatesPage } from "@/features/contacts/duplicates-page";

export const metadata = { title: "Duplicates · Contacts" };

export default function Page() {
  return <DuplicatesPage />;
}

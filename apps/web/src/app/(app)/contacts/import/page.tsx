import { ImportPage } from "@/features/spreadsheets/import-page";

export const metadata = { title: "Import contacts · Contacts" };

export default function ContactsImportPage() {
  return <ImportPage />;
}

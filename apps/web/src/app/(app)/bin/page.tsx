import { BinPage } from "@/features/contacts/bin-page";

export const metadata = { title: "Bin · Contacts" };

export default function Page() {
  return <BinPage />;
}

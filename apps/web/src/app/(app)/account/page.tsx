import { AccountPage } from "@/features/users/account-page";

export const metadata = { title: "Account · Contacts" };

export default function Page() {
  return <AccountPage />;
}

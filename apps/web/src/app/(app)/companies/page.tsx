import { CompaniesPage } from "@/features/companies/companies-page";

export const metadata = { title: "Companies · Contacts" };

export default function Page() {
  return <CompaniesPage />;
}

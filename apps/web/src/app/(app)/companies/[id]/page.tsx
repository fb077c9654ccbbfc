import { CompanyPage } from "@/features/companies/company-page";

export const metadata = { title: "Company · Contacts" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CompanyPage id={id} />;
}

import { ContactPage } from "@/features/contacts/contact-page";

export const metadata = { title: "Contact · Contacts" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContactPage id={id} />;
}

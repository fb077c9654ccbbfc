import { createCaller, createContextInner } from "@contacts/api";
import type { Metadata } from "next";
import { ContactPage } from "@/features/contacts/contact-page";
import { displayName } from "@/features/contacts/display-name";
import { getDb } from "@/server/db";
import { requireUser } from "@/server/require-user";

/**
 * The tab names the contact, from the server: a title set only in the browser lost to Next's
 * own title when the page's metadata arrived after the contact (the editor's code now loads
 * on demand, which changed that order). Any failure leaves the generic title; the page itself
 * says what went wrong.
 */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  try {
    const actor = await requireUser();
    const contact = await createCaller(createContextInner({ db: await getDb(), actor })).contact.get({ id });
    return { title: `${displayName(contact)} · Contacts` };
  } catch {
    return { title: "Contact · Contacts" };
  }
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContactPage id={id} />;
}

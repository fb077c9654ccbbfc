import type { Contact } from "@contacts/contracts";

/** "First Last", else the email, for headings and list rows. */
export function displayName(contact: Pick<Contact, "firstName" | "lastName" | "email">): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  return name || contact.email || "(no name)";
}

import type { Contact } from "@contacts/contracts";

/** One company connection as edited: the company's name is kept only to show it. */
export interface ConnectionRow {
  companyId: string;
  companyName: string;
  jobTitle: string;
  primary: boolean;
}

export interface ExternalRefRow {
  namespace: string;
  id: string;
}

/**
 * What the contact form edits: text inputs hold strings ("" = empty), so the form never has
 * to tell undefined from null; form-to-patch turns the difference into an update.
 */
export interface ContactFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  linkedInUrl: string;
  primaryLanguage: string;
  profilePictureId: string;
  strategy: string;
  /** null: never set (shown unchecked until the user decides). */
  blocked: boolean | null;
  tags: string[];
  connections: ConnectionRow[];
  externalRefs: ExternalRefRow[];
}

export const TEXT_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "linkedInUrl",
  "primaryLanguage",
  "strategy",
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export function emptyContactForm(): ContactFormValues {
  return {
    firstName: "",
    lastName: "",
    email: "",
    phone: "",
    linkedInUrl: "",
    primaryLanguage: "",
    profilePictureId: "",
    strategy: "",
    blocked: null,
    tags: [],
    connections: [],
    externalRefs: [],
  };
}

export function contactToForm(contact: Contact): ContactFormValues {
  return {
    firstName: contact.firstName ?? "",
    lastName: contact.lastName ?? "",
    email: contact.email ?? "",
    phone: contact.phone ?? "",
    linkedInUrl: contact.linkedInUrl ?? "",
    primaryLanguage: contact.primaryLanguage ?? "",
    profilePictureId: contact.profilePictureId === null ? "" : String(contact.profilePictureId),
    strategy: contact.strategy ?? "",
    blocked: contact.blocked,
    tags: [...contact.tags],
    connections: contact.connections.map((c) => ({
      companyId: c.company.id,
      companyName: c.company.name,
      jobTitle: c.jobTitle ?? "",
      primary: c.primary,
    })),
    externalRefs: contact.externalRefs.map((r) => ({ namespace: r.namespace, id: r.id })),
  };
}

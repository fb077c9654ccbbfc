"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect } from "react";
import { trpc } from "@/lib/trpc";
import { errorData } from "@/lib/trpc-error";
import { DeleteContactButton } from "./contact-lifecycle-actions";
import { displayName } from "./display-name";

// The editor, its duplicates and its history show only once contact.get has answered: their
// code loads meanwhile, in parallel with that call, instead of with the page.
const loadSections = () =>
  Promise.all([import("./contact-editor"), import("./duplicates-panel"), import("./contact-history")]);
const skeleton = () => <div className="card h-96 animate-pulse" />;
const ContactEditor = dynamic(() => import("./contact-editor").then((m) => m.ContactEditor), {
  ssr: false,
  loading: skeleton,
});
const DuplicatesPanel = dynamic(() => import("./duplicates-panel").then((m) => m.DuplicatesPanel), {
  ssr: false,
});
const ContactHistory = dynamic(() => import("./contact-history").then((m) => m.ContactHistory), {
  ssr: false,
});

export function ContactPage({ id }: { id: string }) {
  const contact = trpc.contact.get.useQuery({ id });
  useEffect(() => {
    void loadSections();
  }, []);
  // The tab says whose contact it is (the server's title is generic: the contact loads here).
  const name = contact.data ? displayName(contact.data) : null;
  useEffect(() => {
    if (name) document.title = `${name} · Contacts`;
  }, [name]);

  if (contact.isPending) {
    return (
      <div aria-busy="true" className="space-y-4">
        <h1 className="text-2xl font-semibold">Loading contact…</h1>
        <div className="card h-96 animate-pulse" />
      </div>
    );
  }
  if (contact.isError) {
    return (
      <div className="card">
        <h1 className="text-xl font-semibold">
          {errorData(contact.error).reason === "CONTACT_NOT_FOUND"
            ? "Contact not found"
            : "Could not load the contact"}
        </h1>
        <Link href="/contacts" className="mt-3 inline-block text-brand-700 underline">
          Back to contacts
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <div>
        <Link href="/contacts" className="text-sm text-brand-700 underline">
          ← Contacts
        </Link>
        <div className="mt-1 flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold">{displayName(contact.data)}</h1>
          <DeleteContactButton contact={contact.data} />
        </div>
      </div>
      {/* Keyed by the contact only: the editor follows new versions itself (its saves and, live,
          everyone else's), so a save does not rebuild the form and move the page under the user. */}
      <ContactEditor key={contact.data.id} contact={contact.data} />
      <DuplicatesPanel contact={contact.data} />
      <ContactHistory id={id} />
    </div>
  );
}

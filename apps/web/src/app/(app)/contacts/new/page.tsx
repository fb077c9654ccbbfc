import Link from "next/link";
import { NewContactForm } from "@/features/contacts/new-contact-form";

export const metadata = { title: "New contact · Contacts" };

export default function NewContactPage() {
  return (
    <div className="space-y-4">
      <Link href="/contacts" className="text-sm text-brand-700 underline">
        ← Contacts
      </Link>
      <h1 className="text-2xl font-semibold">New contact</h1>
      <NewContactForm />
    </div>
  );
}

import Link from "next/link";

export const metadata = { title: "Not found · Contacts" };

/** Any address the app does not have: said plainly, with a way back. */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4">
      <p className="text-sm font-medium text-brand-700">404</p>
      <h1 className="mt-1 text-2xl font-semibold">This page does not exist</h1>
      <p className="mt-2 text-slate-700">
        The address may be mistyped, or what it pointed to was moved or deleted.
      </p>
      <p className="mt-6 flex gap-3">
        <Link href="/contacts" className="btn-primary">
          Go to contacts
        </Link>
        <Link href="/companies" className="btn-secondary">
          Companies
        </Link>
      </p>
    </main>
  );
}

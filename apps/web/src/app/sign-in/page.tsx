import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/features/auth/sign-in-form";
import { sessionActor } from "@/server/auth";
import { safeNextPath } from "@/server/safe-next-path";

export const metadata = { title: "Sign in · Contacts" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await sessionActor(await headers())) redirect(next);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Contacts</h1>
      <SignInForm next={next} />
    </main>
  );
}

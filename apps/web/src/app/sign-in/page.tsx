import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/features/auth/sign-in-form";
import { sessionActor } from "@/server/auth";

export const metadata = { title: "Sign in · Contacts" };

export default async function SignInPage() {
  if (await sessionActor(await headers())) redirect("/contacts");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Contacts</h1>
      <SignInForm />
    </main>
  );
}

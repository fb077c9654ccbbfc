import Link from "next/link";
import { AcceptInviteForm } from "@/features/auth/accept-invite-form";

// The token is in the URL: never send it on as a Referer.
export const metadata = { title: "Accept invite · Contacts", referrer: "no-referrer" as const };

/**
 * Where an invite link leads: no session needed (the token is the credential). Whether the
 * token is good is told on submit, so this page answers the same for any token.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4">
      <h1 className="mb-2 text-2xl font-semibold">Join Contacts</h1>
      <p className="mb-6 text-sm text-slate-700">
        You were invited to a workspace. Choose how you will sign in. Already have an account?{" "}
        <Link href="/sign-in" className="text-brand-700 underline">
          Sign in
        </Link>
        .
      </p>
      <AcceptInviteForm token={decodeURIComponent(token)} />
    </main>
  );
}

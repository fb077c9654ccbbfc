import type { ReactNode } from "react";
import { AppHeader } from "@/features/auth/app-header";
import { requireUser } from "@/server/require-user";

/** Every page in here needs a signed-in user. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader userName={user.name} />
      <main id="main" className="mx-auto w-full max-w-5xl px-3 py-6 sm:px-6">
        {children}
      </main>
    </>
  );
}

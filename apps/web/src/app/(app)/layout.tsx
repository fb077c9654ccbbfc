import { describeMe } from "@contacts/api";
import type { ReactNode } from "react";
import { AppHeader } from "@/features/auth/app-header";
import { MeProvider, ReadOnlyNote } from "@/features/auth/role-context";
import { getDb } from "@/server/db";
import { requireUser } from "@/server/require-user";

/** Every page in here needs a signed-in user; what their role allows shapes the pages. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const me = await describeMe(await getDb(), user);
  return (
    <MeProvider me={me}>
      <AppHeader userName={me.name} />
      <main id="main" className="mx-auto w-full max-w-5xl px-3 py-6 sm:px-6">
        {me.role === "read_only" && (
          <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2">
            <ReadOnlyNote />
          </div>
        )}
        {children}
      </main>
    </MeProvider>
  );
}

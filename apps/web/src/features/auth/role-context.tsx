"use client";

import type { ApiKeyScope, Me } from "@contacts/contracts";
import { ROLE_LABELS } from "@contacts/contracts/schemas/role-labels";
import { createContext, type ReactNode, useContext } from "react";
import { trpc } from "@/lib/trpc";

const MeContext = createContext<Me | null>(null);

/**
 * The signed-in person (`user.me`), rendered with the page by the server so controls a role
 * may not use never flash on; refreshed like any query. The server enforces roles
 * regardless: this only keeps the UI from offering what would answer 403.
 */
export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  const query = trpc.user.me.useQuery(undefined, { initialData: me, staleTime: 60_000 });
  return <MeContext.Provider value={query.data ?? me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside MeProvider");
  return me;
}

/** Whether the signed-in person's role grants `scope`. */
export function useCan(scope: ApiKeyScope): boolean {
  return useMe().scopes.includes(scope);
}

/** Says why writing controls are missing or off, next to where they would be. */
export function ReadOnlyNote({ id, className = "" }: { id?: string; className?: string }) {
  const { role } = useMe();
  return (
    <p id={id} className={`text-sm text-slate-700 ${className}`}>
      Your role is {ROLE_LABELS[role].label}: you can read but not change anything. Ask an admin of your
      workspace if you need to.
    </p>
  );
}

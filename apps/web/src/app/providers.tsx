"use client";

import { BATCH_CALLS_MAX } from "@contacts/contracts/schemas/request-limits";
import { TRPC_ENDPOINT } from "@contacts/contracts/schemas/trpc-endpoint";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import dynamic from "next/dynamic";
import { type ReactNode, useEffect, useState } from "react";
import { loadSonner } from "@/components/toast";
import { announceSessionExpired } from "@/lib/session-events";
import { trpc } from "@/lib/trpc";
import { errorData } from "@/lib/trpc-error";

// Toasts only follow something the user did: sonner loads after hydration, not with the page.
const Toaster = dynamic(() => loadSonner().then((m) => m.Toaster), { ssr: false });

/**
 * A session that ended (signed out elsewhere, expired) asks the user to sign in again in
 * place (SessionExpiredDialog), so the page and whatever was typed into it stay.
 */
function onAuthError(error: unknown) {
  if (errorData(error).httpStatus === 401) announceSessionExpired();
}

// Shown only when a session ends: its code loads then.
const SessionExpiredDialog = dynamic(
  () => import("@/features/auth/session-expired-dialog").then((m) => m.SessionExpiredDialog),
  { ssr: false },
);

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onAuthError }),
        mutationCache: new MutationCache({ onError: onAuthError }),
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            refetchOnWindowFocus: false,
            retry: (count, error) => (errorData(error).httpStatus ?? 500) >= 500 && count < 2,
          },
        },
      }),
  );
  // Marks the page as interactive, for end-to-end tests (typing before hydration is lost).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const [trpcClient] = useState(() =>
    trpc.createClient({
      links: [
        splitLink({
          // contact.watch: server-sent events on the same origin, the session cookie included;
          // the link reconnects by itself from the last event it received.
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: TRPC_ENDPOINT }),
          false: httpBatchLink({ url: TRPC_ENDPOINT, maxItems: BATCH_CALLS_MAX }),
        }),
      ],
    }),
  );
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        {children}
        <Toaster position="bottom-right" richColors closeButton />
        <SessionExpiredDialog />
      </QueryClientProvider>
    </trpc.Provider>
  );
}

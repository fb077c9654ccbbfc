"use client";

import { getQueryKey } from "@trpc/react-query";
import { trpc } from "@/lib/trpc";
import { useKeysetPages } from "@/lib/use-keyset-pages";
import { fieldLabel, formatFieldValue } from "./field-labels";

const ACTOR_KINDS: Record<string, string> = {
  user: "user",
  api_key: "API key",
  script: "script",
  system: "system",
};
const formatTime = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** Who changed what, from what to what, when: newest first, paged. */
export function ContactHistory({ id }: { id: string }) {
  const utils = trpc.useUtils();
  const input = { id, limit: 20 };
  const history = useKeysetPages(getQueryKey(trpc.contact.history, input, "infinite"), (cursor) =>
    utils.client.contact.history.query({ ...input, cursor }),
  );
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading" className="mb-4 text-base font-semibold">
        History
      </h2>
      {history.isPending && <p className="text-sm text-slate-600">Loading history…</p>}
      {history.isError && <p className="text-sm text-red-700">Could not load the history.</p>}
      {history.isSuccess && entries.length === 0 && <p className="text-sm text-slate-600">No changes yet.</p>}
      <ol className="space-y-4 border-l-2 border-slate-200 pl-4">
        {entries.map((entry, i) => (
          <li key={`${entry.at}-${i}`} className="relative" data-testid="history-entry">
            <span
              aria-hidden
              className="absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full bg-brand-600"
            />
            <p className="text-sm">
              <span className="font-medium">{entry.actor.name}</span>{" "}
              <span className="text-slate-600">({ACTOR_KINDS[entry.actor.type] ?? entry.actor.type})</span>{" "}
              <time dateTime={entry.at} className="text-slate-600">
                {formatTime(entry.at)}
              </time>
            </p>
            <dl className="mt-1 space-y-1 text-sm">
              {Object.entries(entry.changes).map(([field, change]) => (
                <div key={field} className="grid gap-x-2 sm:grid-cols-[10rem_1fr]">
                  <dt className="text-slate-700">{fieldLabel(field)}</dt>
                  <dd className="break-words">
                    <del className="text-slate-600">{formatFieldValue(field, change.from)}</del>
                    <span aria-hidden> → </span>
                    <span className="sr-only"> changed to </span>
                    <ins className="no-underline">{formatFieldValue(field, change.to)}</ins>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
      {history.hasNextPage && (
        <button
          type="button"
          className="btn-secondary mt-4"
          onClick={() => history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          {history.isFetchingNextPage ? "Loading…" : "Show older changes"}
        </button>
      )}
    </section>
  );
}

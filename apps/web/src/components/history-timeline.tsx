"use client";

const ACTOR_KINDS: Record<string, string> = {
  user: "user",
  api_key: "API key",
  script: "script",
  system: "system",
};
const formatTime = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** A history entry as tRPC's inferred output gives it (`from`/`to` of unknown values are optional there). */
interface TimelineEntry {
  at: string;
  actor: { type: string; name: string };
  changes: Record<string, { from?: unknown; to?: unknown }>;
}

/**
 * Who changed what, from what to what, when: a contact's or a company's history, newest
 * first, with "Show older changes" while pages remain. The caller words fields and values.
 */
export function HistoryTimeline(props: {
  entries: readonly TimelineEntry[];
  status: "pending" | "error" | "success";
  fieldLabel: (field: string) => string;
  formatValue: (field: string, value: unknown) => string;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}) {
  const { entries } = props;
  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading" className="mb-4 text-base font-semibold">
        History
      </h2>
      {props.status === "pending" && <p className="text-sm text-slate-600">Loading history…</p>}
      {props.status === "error" && <p className="text-sm text-red-700">Could not load the history.</p>}
      {props.status === "success" && entries.length === 0 && (
        <p className="text-sm text-slate-600">No changes yet.</p>
      )}
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
                  <dt className="text-slate-700">{props.fieldLabel(field)}</dt>
                  <dd className="break-words">
                    <del className="text-slate-600">{props.formatValue(field, change.from)}</del>
                    <span aria-hidden> → </span>
                    <span className="sr-only"> changed to </span>
                    <ins className="no-underline">{props.formatValue(field, change.to)}</ins>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
      {props.hasNextPage && (
        <button
          type="button"
          className="btn-secondary mt-4"
          onClick={props.fetchNextPage}
          disabled={props.isFetchingNextPage}
        >
          {props.isFetchingNextPage ? "Loading…" : "Show older changes"}
        </button>
      )}
    </section>
  );
}

"use client";

import Link from "next/link";
import { trpc } from "@/lib/trpc";
import { displayName } from "./display-name";
import { mergeHref } from "./duplicates-panel";

/** The workspace's candidate pairs, best first: each opens the merge screen. */
export function DuplicatesPage() {
  const pairs = trpc.contact.duplicateCandidates.useQuery({ limit: 100 });
  const items = pairs.data?.items ?? [];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Possible duplicates</h1>
      {pairs.isPending && <p>Looking for duplicates…</p>}
      {pairs.isError && <p className="text-red-700">Could not look for duplicates.</p>}
      {pairs.isSuccess && items.length === 0 && <p className="text-sm text-slate-600">None found.</p>}
      <ul className="space-y-3">
        {items.map((p) => (
          <li
            key={`${p.left.id}/${p.right.id}`}
            className="card flex flex-wrap items-start justify-between gap-2"
          >
            <div className="text-sm">
              <p className="font-medium">
                {displayName(p.left)} and {displayName(p.right)}{" "}
                <span className="text-slate-600">score {p.score}</span>
              </p>
              <ul className="text-slate-700">
                {p.reasons.map((r) => (
                  <li key={r.rule}>{r.detail}</li>
                ))}
              </ul>
            </div>
            <Link href={mergeHref(p.left.id, p.right.id)} className="btn-secondary">
              Review merge
            </Link>
          </li>
        ))}
      </ul>
      {pairs.data?.nextCursor && <p className="text-sm text-slate-600">The 100 best pairs are shown.</p>}
    </div>
  );
}

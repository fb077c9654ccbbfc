"use client";

import { getQueryKey } from "@trpc/react-query";
import { HistoryTimeline } from "@/components/history-timeline";
import { trpc } from "@/lib/trpc";
import { useKeysetPages } from "@/lib/use-keyset-pages";

const LABELS: Readonly<Record<string, string>> = { name: "Name", domain: "Domain", deletedAt: "Deleted" };
const label = (field: string) => LABELS[field] ?? field;
const formatValue = (_field: string, value: unknown) =>
  value === null || value === undefined ? "(empty)" : String(value);

/** A company's history, newest first, paged. */
export function CompanyHistory({ id }: { id: string }) {
  const utils = trpc.useUtils();
  const input = { id, limit: 20 };
  const history = useKeysetPages(getQueryKey(trpc.company.history, input, "infinite"), (cursor) =>
    utils.client.company.history.query({ ...input, cursor }),
  );
  return (
    <HistoryTimeline
      entries={history.data?.pages.flatMap((p) => p.items) ?? []}
      status={history.status}
      fieldLabel={label}
      formatValue={formatValue}
      hasNextPage={history.hasNextPage}
      isFetchingNextPage={history.isFetchingNextPage}
      fetchNextPage={() => void history.fetchNextPage()}
    />
  );
}

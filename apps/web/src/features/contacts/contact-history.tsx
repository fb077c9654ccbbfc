"use client";

import { getQueryKey } from "@trpc/react-query";
import { HistoryTimeline } from "@/components/history-timeline";
import { trpc } from "@/lib/trpc";
import { useKeysetPages } from "@/lib/use-keyset-pages";
import { fieldLabel } from "./field-labels";
import { formatFieldValue } from "./format-field-value";

/** A contact's history, newest first, paged. */
export function ContactHistory({ id }: { id: string }) {
  const utils = trpc.useUtils();
  const input = { id, limit: 20 };
  const history = useKeysetPages(getQueryKey(trpc.contact.history, input, "infinite"), (cursor) =>
    utils.client.contact.history.query({ ...input, cursor }),
  );
  return (
    <HistoryTimeline
      entries={history.data?.pages.flatMap((p) => p.items) ?? []}
      status={history.status}
      fieldLabel={fieldLabel}
      formatValue={formatFieldValue}
      hasNextPage={history.hasNextPage}
      isFetchingNextPage={history.isFetchingNextPage}
      fetchNextPage={() => void history.fetchNextPage()}
    />
  );
}

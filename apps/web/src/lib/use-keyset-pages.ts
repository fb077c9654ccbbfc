import { keepPreviousData, type QueryKey, useInfiniteQuery } from "@tanstack/react-query";

/**
 * Keyset paging ("Load more") over a procedure answering `{ items, nextCursor }`. tRPC's own
 * useInfiniteQuery adds a `direction` key to the input, which the contract's strict input
 * schemas rightly refuse; this sends exactly `{ ...input, cursor }`. Pass the tRPC query key
 * (getQueryKey(..., "infinite")) so `utils.<path>.invalidate()` still reaches it.
 */
export function useKeysetPages<TPage extends { nextCursor: string | null }>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null) => Promise<TPage>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

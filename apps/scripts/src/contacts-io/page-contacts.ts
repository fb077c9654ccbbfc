import type { Contact, ListContactsInputRaw } from "@contacts/contracts";
import type { ApiSession } from "../api-client";

/** Every contact matching `filter`, page by page (200 at a time, newest first), as they come. */
export async function* pageContacts(
  api: ApiSession,
  filter: Omit<ListContactsInputRaw, "limit" | "cursor"> = {},
): AsyncIterable<Contact> {
  let cursor: string | null = null;
  do {
    const page = await api.call(() => api.client.contact.list.query({ ...filter, limit: 200, cursor }));
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

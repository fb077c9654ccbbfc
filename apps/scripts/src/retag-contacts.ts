import { type Contact, dedupeTags } from "@contacts/contracts";
import type { ApiSession } from "./api-client";
import { pageContacts } from "./contacts-io/page-contacts";

const ROUNDS = 3;

/** The tags with every source tag (case-insensitively) replaced by `target`, duplicates dropped. */
export function retagged(tags: string[], sources: string[], target: string): string[] {
  const keys = new Set(sources.map((s) => s.toLowerCase()));
  return dedupeTags(tags.map((t) => (keys.has(t.toLowerCase()) ? target : t)));
}

export interface RetagResult {
  changed: number;
  failures: string[];
}

/**
 * Replaces source tags by `target` on every contact carrying one, through contact.batchUpdate
 * so each change is a normal update: validated, guarded by the version read, in history.
 * A contact that changed meanwhile (CONFLICT) is read again and retried.
 */
export async function retagContacts(
  api: ApiSession,
  o: { sources: string[]; target: string; dryRun: boolean; log: (line: string) => void },
): Promise<RetagResult> {
  let changed = 0;
  const failures: string[] = [];
  const apply = async (contacts: Contact[], round: number): Promise<void> => {
    const items = contacts
      .map((c) => ({ c, tags: retagged(c.tags, o.sources, o.target) }))
      .filter(({ c, tags }) => JSON.stringify(tags) !== JSON.stringify(c.tags));
    if (!items.length) return;
    if (o.dryRun) {
      for (const { c, tags } of items) o.log(`${c.id}: ${JSON.stringify(c.tags)} -> ${JSON.stringify(tags)}`);
      changed += items.length;
      return;
    }
    const { results } = await api.call(() =>
      api.client.contact.batchUpdate.mutate({
        items: items.map(({ c, tags }) => ({ id: c.id, data: { tags }, expectedVersion: c.version })),
      }),
    );
    const again: Contact[] = [];
    results.forEach((r, i) => {
      const { c, tags } = items[i]!;
      if (r.ok) {
        changed++;
        o.log(`${c.id}: ${JSON.stringify(c.tags)} -> ${JSON.stringify(tags)}`);
      } else if (r.error.code === "CONFLICT" && round < ROUNDS) again.push(c);
      else if (r.error.code !== "NOT_FOUND") failures.push(`${c.id}: ${r.error.code} ${r.error.message}`);
    });
    if (again.length) {
      const fresh = await Promise.all(
        again.map((c) => api.call(() => api.client.contact.get.query({ id: c.id })).catch(() => null)),
      );
      await apply(
        fresh.filter((c): c is Contact => c !== null),
        round + 1,
      );
    }
  };
  for (const source of o.sources) {
    let page: Contact[] = [];
    for await (const contact of pageContacts(api, { tags: [source] })) {
      page.push(contact);
      if (page.length >= 200) {
        await apply(page, 1);
        page = [];
      }
    }
    await apply(page, 1);
  }
  return { changed, failures };
}

import { createCaller, createContextInner, logger, logSafeError } from "@contacts/api";
import {
  filtersOf,
  type InitialListPage,
  LIST_PAGE,
  listInputOf,
  readListView,
} from "@/features/contacts/list-view-state";
import { getDb } from "./db";
import { requireUser } from "./require-user";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The contact list's first page and total for the view in the URL, read while the page
 * renders: the rows are in the HTML and in the query cache when React hydrates, so the list
 * is usable as soon as the page's script has run, without a call to wait for after it
 * (docs/performance.md, "The browser side"). Through contact.list and contact.count
 * themselves (scope, rules, output). If anything fails, the list loads them itself as before.
 */
export async function firstListPage(searchParams: SearchParams): Promise<InitialListPage | undefined> {
  const actor = await requireUser();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, v);
  }
  const view = readListView(params);
  const input = listInputOf(view, LIST_PAGE);
  try {
    const caller = createCaller(createContextInner({ db: await getDb(), actor }));
    const [list, count] = await Promise.all([
      caller.contact.list(input),
      caller.contact.count(filtersOf(view)),
    ]);
    return { key: JSON.stringify(input), list, count };
  } catch (err) {
    logger.warn({ err: logSafeError(err) }, "the list's first page was left to the browser");
    return undefined;
  }
}

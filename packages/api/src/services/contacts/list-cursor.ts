import type { ContactSort, SortDirection } from "@contacts/contracts";
import { ValidationError } from "../../errors";

export interface ListOrder {
  sort: ContactSort;
  direction: SortDirection;
}

/** The default order (and the bin's): its cursor stays the last id, as it always was. */
export const NEWEST_FIRST: ListOrder = { sort: "created", direction: "desc" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isNewestFirst = (o: ListOrder) =>
  o.sort === NEWEST_FIRST.sort && o.direction === NEWEST_FIRST.direction;

/**
 * A contact.list cursor: where the page ended, in the order it was read. Every other order's
 * cursor names its sort and direction with the last contact's sort key (as the database
 * rendered it, so it compares exactly as the rows sorted) and id, so that a cursor of one
 * order is refused by another instead of silently skipping or repeating contacts.
 */
export function encodeListCursor(order: ListOrder, key: string | null, id: string): string {
  if (isNewestFirst(order)) return id;
  return Buffer.from(JSON.stringify([order.sort, order.direction, key, id])).toString("base64url");
}

export function decodeListCursor(cursor: string, order: ListOrder): { key: string | null; id: string } {
  if (isNewestFirst(order)) {
    if (UUID.test(cursor)) return { key: null, id: cursor };
    throw invalidCursor(order);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor(order);
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalidCursor(order);
  const [sort, direction, key, id] = parsed as unknown[];
  if (sort !== order.sort || direction !== order.direction) throw invalidCursor(order);
  if (typeof id !== "string" || !UUID.test(id)) throw invalidCursor(order);
  // A NUL is no text PostgreSQL takes: refused here rather than failing in the query.
  if (typeof key === "string" && key.includes("\u0000")) throw invalidCursor(order);
  if (!(typeof key === "string" || (key === null && sort !== "name" && sort !== "updated"))) {
    throw invalidCursor(order);
  }
  if (sort === "updated" && !isMicrosecondTimestamp(key)) throw invalidCursor(order);
  return { key, id };
}

/** As the query renders updated_at; checked whole, so a forged date never reaches a cast in SQL. */
function isMicrosecondTimestamp(key: unknown): boolean {
  if (typeof key !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key)) return false;
  const ms = `${key.slice(0, 23)}Z`;
  const date = new Date(ms);
  return !Number.isNaN(date.getTime()) && date.toISOString() === ms;
}

const invalidCursor = (order: ListOrder) =>
  new ValidationError(
    [
      {
        path: ["cursor"],
        message: `Not a cursor this API handed out for sort "${order.sort}" ${order.direction}`,
      },
    ],
    "INVALID_CURSOR",
  );

import { type SQL, sql } from "drizzle-orm";
import type { ContactWriteFields } from "./write-contact";

/** The fields of a contact that are its own columns, not lists. */
export type ContactColumnKey = Exclude<keyof ContactWriteFields, "tags" | "connections" | "externalRefs">;

/**
 * The contact's own columns, for every statement that writes them from a JSON patch `p.j`:
 * key on the wire, column, and the cast from JSON text.
 */
const COLUMNS: [ContactColumnKey, string, string][] = [
  ["firstName", "first_name", ""],
  ["lastName", "last_name", ""],
  ["email", "email", ""],
  ["phone", "phone", ""],
  ["linkedInUrl", "linkedin_url", ""],
  ["primaryLanguage", "primary_language", ""],
  ["profilePictureId", "profile_picture_id", "::int"],
  ["strategy", "strategy", ""],
  ["blocked", "blocked", "::boolean"],
];

/**
 * One piece of SQL per column, joined by commas. Call it once, at module load: statements
 * then hold the same text every time (they are prepared) and no request rebuilds it.
 */
export const eachColumn = (piece: (key: string, column: string, cast: string) => string): SQL =>
  sql.raw(COLUMNS.map(([key, column, cast]) => piece(key, column, cast)).join(",\n    "));

/** `p.j`'s value for a column when the patch has its key, else `row`'s. */
export const patchedValue = (key: string, column: string, cast: string, row: string) =>
  `case when p.j ? '${key}' then (p.j->>'${key}')${cast} else ${row}.${column} end`;

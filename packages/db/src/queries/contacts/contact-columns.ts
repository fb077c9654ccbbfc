import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { contacts } from "../../schema";

/** Columns of `contacts` that are not a scalar field of the contact: keys, lists, bookkeeping. */
const NOT_SCALAR_FIELDS = [
  "workspaceId",
  "id",
  "tags",
  "tagKeys",
  "version",
  "createdAt",
  "updatedAt",
  "searchText",
  "deletedAt",
  "mergedInto",
  "deletedRefs",
  "erasedAt",
] as const satisfies readonly (keyof typeof contacts.$inferSelect)[];

type ContactRow = typeof contacts.$inferSelect;
/** The contact's own scalar fields, keyed as on the wire (the drizzle property names). */
export type ContactColumnKey = Exclude<keyof ContactRow, (typeof NOT_SCALAR_FIELDS)[number]>;
/** Their stored values, typed by their columns. */
export type ContactColumnValues = Pick<ContactRow, ContactColumnKey>;

/**
 * Every other column of the table is a scalar field: a column added to the drizzle schema is
 * read, written, diffed and returned by every statement below without another list to update.
 */
const FIELD_COLUMNS = Object.entries(getTableColumns(contacts))
  .filter(([key]) => !(NOT_SCALAR_FIELDS as readonly string[]).includes(key))
  .map(([key, column]) => ({ key, column: column.name, cast: `::${column.getSQLType()}` }));

/** The keys of the scalar fields, in the table's column order. */
export const CONTACT_COLUMN_KEYS = FIELD_COLUMNS.map((c) => c.key) as ContactColumnKey[];

/**
 * One piece of SQL per scalar field, joined by `separator`, from its key on the wire, its
 * column and the cast from JSON text. Call it once, at module load: statements then hold the
 * same text every time (they are prepared) and no request rebuilds it.
 */
export const eachColumn = (
  piece: (key: string, column: string, cast: string) => string,
  separator = ",\n    ",
): SQL => sql.raw(FIELD_COLUMNS.map(({ key, column, cast }) => piece(key, column, cast)).join(separator));

/** `p.j`'s value for a column when the patch has its key, else `row`'s. */
export const patchedValue = (key: string, column: string, cast: string, row: string) =>
  `case when p.j ? '${key}' then (p.j->>'${key}')${cast} else ${row}.${column} end`;

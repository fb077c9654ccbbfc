import type { Contact } from "@contacts/contracts";
import { EXPORT_COLUMNS } from "@contacts/contracts/spreadsheet/spreadsheet-columns";
import { contactToRow } from "@contacts/contracts/spreadsheet/spreadsheet-row";
import Papa from "papaparse";

/**
 * A byte order mark first: Excel then reads the file as UTF-8 (names with å, é, ł). Imports
 * (this app's and the CLI's) skip it.
 */
export const CSV_BOM = "\uFEFF";

/** CSV lines with CRLF endings, as Excel and RFC 4180 write them (cells quoted where needed). */
export const csvLines = (rows: readonly (readonly string[])[]) =>
  rows.length ? `${Papa.unparse(rows as string[][], { newline: "\r\n" })}\r\n` : "";

/** The export's header line: EXPORT_COLUMNS, the columns an import reads back. */
export const exportHeaderCsv = () => CSV_BOM + csvLines([[...EXPORT_COLUMNS]]);

/** Contacts as export lines (contactToRow), so the file round-trips through the import. */
export const contactsCsv = (contacts: readonly Contact[]) => csvLines(contacts.map(contactToRow));

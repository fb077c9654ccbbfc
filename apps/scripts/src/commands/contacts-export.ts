import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { contactToRow, EXPORT_COLUMNS } from "@contacts/contracts";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { pageContacts } from "../contacts-io/page-contacts";
import { contactsFormatOf } from "../contacts-io/read-rows";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts export";

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

export const contactsExport: Command = {
  name: NAME,
  synopsis: "[--format csv|xlsx|jsonl] [--output <file>]",
  summary:
    "Write every contact of the key's workspace, streamed page by page through the API (CONTACTS_API_URL, " +
    "CONTACTS_API_KEY), as CSV, XLSX or JSON lines, to stdout or a file. Edited in a spreadsheet, the file " +
    "comes back with `contacts import` as an edit of those contacts (its id and version columns).",
  details: [
    "  --format csv|xlsx|jsonl  default: from the --output extension, else csv",
    "  --output <file>          write there instead of stdout; the count goes to stderr either way",
    "",
    "CSV is UTF-8, comma-separated, without BOM (what other programs read best); for Excel, take xlsx,",
    "which it opens the same in every locale and writes back unchanged. XLSX is written streaming (one",
    "sheet, every cell text, so phone numbers and ids stay as they are). Lists (tags, connections,",
    "externalRefs) are JSON arrays. Contacts are in contact.list order (newest first); contacts written",
    "while the export runs may or may not be in it.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string" }, output: { type: "string" } },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const format = values.format ?? (values.output ? contactsFormatOf(values.output) : undefined) ?? "csv";
    if (format !== "csv" && format !== "jsonl" && format !== "xlsx") {
      throw new UsageError("--format: csv, xlsx or jsonl");
    }
    if (format === "xlsx" && !values.output && process.stdout.isTTY) {
      throw new UsageError("--format xlsx: give --output <file.xlsx> (or redirect stdout to a file)");
    }
    const api = openApi(NAME);
    // Check the server before creating the file, so a failure leaves nothing behind.
    await api.call(() => api.client.contact.list.query({ limit: 1 }));
    const out: Writable = values.output ? createWriteStream(values.output) : process.stdout;
    let count = 0;
    if (format === "xlsx") {
      count = await writeXlsx(api, out);
      console.error(`Exported ${count} contacts${values.output ? ` to ${values.output}` : ""}`);
      return;
    }
    try {
      if (format === "csv") await write(out, stringify([EXPORT_COLUMNS as unknown as string[]]));
      for await (const contact of pageContacts(api)) {
        await write(
          out,
          format === "csv" ? stringify([contactToRow(contact)]) : `${JSON.stringify(contact)}\n`,
        );
        count++;
      }
    } finally {
      if (values.output) await new Promise<void>((resolve) => out.end(resolve));
    }
    console.error(`Exported ${count} contacts${values.output ? ` to ${values.output}` : ""}`);
  },
};

/**
 * An XLSX workbook written as it goes (exceljs's streaming writer: each row is committed and
 * zipped out, memory stays flat), cells as text and no shared-strings table.
 */
async function writeXlsx(api: ReturnType<typeof openApi>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet("Contacts");
  sheet.addRow([...EXPORT_COLUMNS]).commit();
  let count = 0;
  for await (const contact of pageContacts(api)) {
    sheet.addRow(contactToRow(contact)).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

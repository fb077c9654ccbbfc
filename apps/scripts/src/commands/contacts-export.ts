import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { contactToCsvRecord, EXPORT_COLUMNS } from "../contacts-io/contact-rows";
import { pageContacts } from "../contacts-io/page-contacts";
import { formatOf } from "../contacts-io/read-rows";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts export";

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

export const contactsExport: Command = {
  name: NAME,
  synopsis: "[--format csv|jsonl] [--output <file>]",
  summary:
    "Write every contact of the key's workspace, streamed page by page through the API (CONTACTS_API_URL, " +
    "CONTACTS_API_KEY), as CSV or JSON lines, to stdout or a file. The output re-imports with `contacts import`.",
  details: [
    "  --format csv|jsonl  default: from the --output extension, else csv",
    "  --output <file>     write there instead of stdout; the count goes to stderr either way",
    "",
    "CSV lists (tags, connections, externalRefs) are JSON arrays. Contacts are in contact.list order",
    "(newest first); contacts written while the export runs may or may not be in it.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string" }, output: { type: "string" } },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const format = values.format ?? (values.output ? formatOf(values.output) : undefined) ?? "csv";
    if (format !== "csv" && format !== "jsonl") throw new UsageError("--format: csv or jsonl");
    const api = openApi(NAME);
    // Check the server before creating the file, so a failure leaves nothing behind.
    await api.call(() => api.client.contact.list.query({ limit: 1 }));
    const out: Writable = values.output ? createWriteStream(values.output) : process.stdout;
    let count = 0;
    try {
      if (format === "csv") await write(out, stringify([EXPORT_COLUMNS as unknown as string[]]));
      for await (const contact of pageContacts(api)) {
        await write(
          out,
          format === "csv" ? stringify([contactToCsvRecord(contact)]) : `${JSON.stringify(contact)}\n`,
        );
        count++;
      }
    } finally {
      if (values.output) await new Promise<void>((resolve) => out.end(resolve));
    }
    console.error(`Exported ${count} contacts${values.output ? ` to ${values.output}` : ""}`);
  },
};

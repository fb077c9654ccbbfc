import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { DuplicatePair } from "@contacts/contracts";
import { stringify } from "csv-stringify/sync";
import { openApi } from "../api-client";
import type { Command } from "../command";
import { formatOf } from "../contacts-io/read-rows";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts duplicates";

/** The columns of the review file; `contacts merge --file` reads survivorId, mergedId and fields. */
export const DUPLICATE_COLUMNS = [
  "survivorId",
  "mergedId",
  "score",
  "reasons",
  "survivorName",
  "mergedName",
  "survivorEmail",
  "mergedEmail",
  "fields",
] as const;

const nameOf = (c: { firstName: string | null; lastName: string | null }) =>
  [c.firstName, c.lastName].filter(Boolean).join(" ");

/** One candidate pair as a review row: the older contact is proposed as the survivor. */
export function duplicateRow(pair: DuplicatePair): Record<(typeof DUPLICATE_COLUMNS)[number], string> {
  return {
    survivorId: pair.left.id,
    mergedId: pair.right.id,
    score: String(pair.score),
    reasons: pair.reasons.map((r) => `${r.rule}: ${r.detail}`).join("; "),
    survivorName: nameOf(pair.left),
    mergedName: nameOf(pair.right),
    survivorEmail: pair.left.email ?? "",
    mergedEmail: pair.right.email ?? "",
    fields: "",
  };
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

export const contactsDuplicates: Command = {
  name: NAME,
  synopsis: "[--min-score <0–1>] [--format csv|jsonl] [--output <file>]",
  summary:
    "Write the workspace's duplicate candidate pairs for review, best first, through the API " +
    "(CONTACTS_API_URL, CONTACTS_API_KEY). Keep the rows to merge and pass the file to `contacts merge --file`.",
  details: [
    "  --min-score <0–1>   only pairs scoring at least this (default 0: every pair)",
    "  --format csv|jsonl  default: from the --output extension, else csv",
    "  --output <file>     write there instead of stdout; the count goes to stderr either way",
    "",
    "Columns: survivorId (the older contact), mergedId, score, reasons, both names and emails, and an",
    'empty fields column: fill it with JSON such as {"email":"merged"} to choose a side per field.',
    "Swap survivorId and mergedId to keep the other contact.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "min-score": { type: "string" }, format: { type: "string" }, output: { type: "string" } },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const minScore = values["min-score"] === undefined ? 0 : Number(values["min-score"]);
    if (values["min-score"]?.trim() === "" || !Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
      throw new UsageError("--min-score: a number from 0 to 1");
    }
    const format = values.format ?? (values.output ? formatOf(values.output) : undefined) ?? "csv";
    if (format !== "csv" && format !== "jsonl") throw new UsageError("--format: csv or jsonl");
    const api = openApi(NAME);
    await api.call(() => api.client.contact.list.query({ limit: 1 }));
    const out: Writable = values.output ? createWriteStream(values.output) : process.stdout;
    let count = 0;
    try {
      if (format === "csv") await write(out, stringify([DUPLICATE_COLUMNS as unknown as string[]]));
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof api.client.contact.duplicateCandidates.query>> = await api.call(
          () => api.client.contact.duplicateCandidates.query({ limit: 500, cursor, minScore }),
        );
        for (const pair of page.items) {
          const row = duplicateRow(pair);
          await write(
            out,
            format === "csv" ? stringify([Object.values(row)]) : `${JSON.stringify({ ...row, pair })}\n`,
          );
          count++;
        }
        cursor = page.nextCursor;
      } while (cursor);
    } finally {
      if (values.output) await new Promise<void>((resolve) => out.end(resolve));
    }
    console.error(`Wrote ${count} candidate pairs${values.output ? ` to ${values.output}` : ""}`);
  },
};

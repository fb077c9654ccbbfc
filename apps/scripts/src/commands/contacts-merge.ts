import { errorCodeOf, isContactsClientError, isNetworkError, issuesOf, reasonOf } from "@contacts/client";
import type { MergeContactsInput } from "@contacts/contracts";
import cliProgress from "cli-progress";
import { type ApiSession, explain, openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { openPairSource } from "../contacts-io/read-pairs";
import { formatOf } from "../contacts-io/read-rows";
import { RejectsFile } from "../contacts-io/rejects-file";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts merge";

interface Totals {
  rows: number;
  merged: number;
  /** Merged by an earlier run (or by hand): a rerun after a crash counts them here. */
  already: number;
  rejected: number;
}

export const contactsMerge: Command = {
  name: NAME,
  synopsis: "--file <pairs.csv|pairs.jsonl> [--dry-run] [--rejects <file>]",
  summary:
    "Merge reviewed pairs (survivorId, mergedId, optional fields) through the API (CONTACTS_API_URL, " +
    "CONTACTS_API_KEY), in file order, with a progress bar; pairs that fail go to a rejects file with their " +
    "reasons. Safe to rerun after a crash: pairs already merged are counted, not merged again.",
  details: [
    "  --file <file>     the pairs: CSV with a header (as `contacts duplicates` writes it) or JSON lines",
    "  --dry-run         check every row and that both contacts are live; merge nothing",
    "  --rejects <file>  where refused pairs go, one JSON object per line with line, code, reasons and row",
    "                    (default: <file>.rejected.jsonl)",
    "",
    'A fields cell is JSON choosing a side per field, e.g. {"email":"merged","phone":"survivor"}; empty',
    "keeps the survivor's values, filling its gaps from the merged contact. Exits 1 if any pair was rejected.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { file: { type: "string" }, "dry-run": { type: "boolean" }, rejects: { type: "string" } },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const file = values.file;
    if (!file) throw new UsageError("Missing --file <pairs.csv|pairs.jsonl>");
    const format = formatOf(file);
    if (!format) throw new UsageError(`${file}: the file must end in .csv or .jsonl`);
    await mergeFile({
      file,
      format,
      dryRun: values["dry-run"] === true,
      rejectsPath: values.rejects ?? `${file}.rejected.jsonl`,
    });
  },
};

async function mergeFile(o: { file: string; format: "csv" | "jsonl"; dryRun: boolean; rejectsPath: string }) {
  const api = openApi(NAME);
  const source = await openPairSource(o.file, o.format);
  await api.call(() => api.client.contact.list.query({ limit: 1 }));
  const rejects = new RejectsFile(o.rejectsPath);
  await rejects.clear();
  const totals: Totals = { rows: 0, merged: 0, already: 0, rejected: 0 };
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{bar} {percentage}% | {rows} pairs | ETA {eta_formatted}", fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(source.size, 0, { rows: 0 });
  try {
    for await (const row of source.rows) {
      totals.rows++;
      if (!row.result.ok) {
        totals.rejected++;
        await rejects.write({
          line: row.line,
          code: "BAD_REQUEST",
          reasons: row.result.issues,
          row: row.raw,
        });
      } else {
        const outcome = await mergeOne(api, row.result.input, o.dryRun, row.line);
        if (outcome === "merged" || outcome === "already") totals[outcome]++;
        else {
          totals.rejected++;
          await rejects.write({ line: row.line, code: outcome.code, reasons: outcome.reasons, row: row.raw });
        }
      }
      bar.update(source.bytesRead(), { rows: totals.rows });
    }
  } finally {
    bar.stop();
    await rejects.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    o.dryRun
      ? `Dry run of ${o.file}: ${totals.rows} pairs, ${totals.merged} would be merged, ${totals.already} already merged, ${totals.rejected} rejected; nothing was written (${seconds} s)`
      : `Merged ${o.file}: ${totals.rows} pairs in ${seconds} s: ${totals.merged} merged, ${totals.already} already merged, ${totals.rejected} rejected`,
  );
  if (totals.rejected) {
    console.log(`Rejected pairs and their reasons: ${o.rejectsPath}`);
    throw new CommandError(`${totals.rejected} of ${totals.rows} pairs were rejected (see ${o.rejectsPath})`);
  }
}

type Outcome =
  | "merged"
  | "already"
  | { code: string; reasons: { path: (string | number)[]; message: string }[] };

async function mergeOne(
  api: ApiSession,
  input: MergeContactsInput,
  dryRun: boolean,
  line: number,
): Promise<Outcome> {
  try {
    if (dryRun) {
      const [survivor, merged] = await Promise.all([
        api.client.contact.get.query({ id: input.survivorId }),
        api.client.contact.get.query({ id: input.mergedId }),
      ]);
      if (merged.redirectedFrom !== undefined && merged.id === survivor.id) return "already";
      if (survivor.redirectedFrom !== undefined || merged.redirectedFrom !== undefined) {
        return {
          code: "CONFLICT",
          reasons: [{ path: [], message: "One of the contacts was merged into another" }],
        };
      }
      return "merged";
    }
    // Retry-safe without an Idempotency-Key: a merge that ran answers CONTACT_MERGED when sent
    // again, which counts as done below, so a rerun reports what it merged itself.
    await api.client.contact.merge.mutate(input, { context: { retrySafe: true } });
    return "merged";
  } catch (err) {
    if (isNetworkError(err) || errorCodeOf(err) === "UNAUTHORIZED") {
      const explained = explain(err, api.url);
      throw explained instanceof Error
        ? new CommandError(`${explained.message}. Stopped at line ${line}; rerun the same command to resume.`)
        : explained;
    }
    // Merged into this survivor already (an earlier run, or a retry): done, not refused. Only
    // the merged contact can have been merged into the survivor, so the reason and the
    // survivor named in the details say it.
    const survivorNow = isContactsClientError(err) ? err.data?.details?.contactId : undefined;
    if (reasonOf(err) === "CONTACT_MERGED" && survivorNow === input.survivorId) {
      return "already";
    }
    const issues = issuesOf(err);
    return {
      code: errorCodeOf(err) ?? "ERROR",
      reasons: issues.length ? issues : [{ path: [], message: (err as Error).message }],
    };
  }
}

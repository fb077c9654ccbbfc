import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { reasonOf } from "@contacts/client";
import {
  BULK_UPSERT_MAX,
  type BulkUpsertItemInput,
  type CsvDelimiter,
  Namespace,
  parseDelimiter,
  withCompany,
} from "@contacts/contracts";
import { type ApiSession, explain, openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { type ImportBatch, type SendRow, toColumnPaths, validateRow } from "../contacts-io/import-batch";
import {
  emptyTotals,
  ImportCheckpoint,
  type ImportState,
  type ImportTotals,
  identityOf,
  trimRejects,
} from "../contacts-io/import-checkpoint";
import { ImportProgress } from "../contacts-io/import-progress";
import { LastLineOfKeys } from "../contacts-io/last-line-of-keys";
import {
  type ContactsFileFormat,
  contactsFormatOf,
  type ImportRow,
  openRowSource,
  type RowOptions,
} from "../contacts-io/read-rows";
import { type RejectedRow, RejectsFile } from "../contacts-io/rejects-file";
import { scriptsEnv } from "../env";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts import";
const DEFAULT_BATCH = 500;
/**
 * Batches in flight at once. Measured with `pnpm bench:import` (docs/performance.md): one
 * leaves the server idle while the client reads and sends; past four the database is the
 * bottleneck and more only adds lock waits.
 */
const DEFAULT_CONCURRENCY = 4;
/** A batch closes before its JSON nears the API's 4 MiB body limit. */
const MAX_BATCH_BYTES = 3 * 1024 * 1024;
/** How long a batch waits for the same key's first request (a retry of a slow one) to end. */
const IN_PROGRESS_RETRIES = 10;

const COLLAPSED = "SUPERSEDED";

export const contactsImport: Command = {
  name: NAME,
  synopsis:
    "<file.csv|file.xlsx|file.jsonl> [--upsert-by <namespace>] [--empty-cells clear|keep] [--delimiter ,|;|tab] [--dry-run] [--rejects <file>] [--batch-size <n>] [--concurrency <n>] [--restart]",
  summary:
    "Import contacts from a CSV, XLSX or JSONL file through the API (CONTACTS_API_URL, CONTACTS_API_KEY), " +
    "streaming it in contact.bulkUpsert batches: an export's rows update their contacts (a round trip), " +
    "other rows create or upsert by an external id, rows naming the same contact collapse (last wins), " +
    "rejected rows are written with their reasons, and an interrupted import resumes on rerun.",
  details: [
    "What a row does:",
    "  - with an export's `id` (and `version`) column: updates that contact, expecting that version; a",
    "    contact changed since the export is reported (CONFLICT), not overwritten; an untouched row",
    "    changes nothing (no version, no history). A row with an empty id is a new contact.",
    "  - with --upsert-by <namespace>: each row's `externalId` column is its id in that namespace (e.g.",
    "    hubspot): the contact holding it is updated, or created carrying it. A header that names a",
    '    system ("HubSpot ID") chooses its namespace by itself.',
    "  - otherwise: creates a contact. Each batch carries an Idempotency-Key made from its content: a",
    "    rerun within 24 h creates nothing again.",
    "Rows naming the same contact (same id, same externalId, or identical new rows) are collapsed over",
    "the whole file: the last one wins, the others are reported as superseded by its line. A first pass",
    "reads the file for the keys (memory grows with the number of distinct keys, not the file size).",
    "",
    "  --upsert-by <namespace>  see above",
    "  --empty-cells clear|keep an empty cell clears the field (clear) or leaves it as it is (keep).",
    "                           Default: clear in a round-tripped export (a file with the id and version",
    "                           columns), keep in any other file. JSONL: null clears, an absent key keeps.",
    "  --delimiter ,|;|tab      the CSV delimiter (default: detected from the header line)",
    "  --dry-run                validate every row and check the API answers; write nothing",
    "  --rejects <file>         where rejected and collapsed rows go, one JSON object per line with line,",
    "                           code, reasons and row (default: <file>.rejected.jsonl)",
    `  --batch-size <n>         rows per request, 1–${BULK_UPSERT_MAX} (default ${DEFAULT_BATCH})`,
    `  --concurrency <n>        requests in flight at once, 1–16 (default ${DEFAULT_CONCURRENCY})`,
    "  --restart                ignore the checkpoint of an interrupted run and start from the top",
    "",
    "Columns (header names, matched without case, spaces or punctuation; common CRM headers such as",
    '"First Name", "E-mail Address", "Company", "Job Title" are understood): firstName, lastName, email,',
    "phone, linkedInUrl, primaryLanguage, profilePictureId, strategy, blocked, tags, connections,",
    "externalRefs, externalId, id, version, company, jobTitle (company by name, found or created, as the",
    "primary connection); createdAt and updatedAt are ignored. Lists are JSON arrays as `contacts export`",
    "writes them; tags may also be `a;b` and externalRefs `namespace:id;namespace:id`. CSV: UTF-8 with",
    "or without BOM, LF or CRLF, quoted newlines; XLSX: the first sheet.",
    "",
    "Progress goes to stderr (a bar on a terminal, a line every 5 s or 10 % otherwise). After each",
    "finished batch a checkpoint <file>.import-state.json records the lines done; a rerun of the same",
    "command on the same file resumes after them without sending them again. Exits 1 if any row was",
    "rejected.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        "upsert-by": { type: "string" },
        "empty-cells": { type: "string" },
        delimiter: { type: "string" },
        "dry-run": { type: "boolean" },
        rejects: { type: "string" },
        "batch-size": { type: "string" },
        concurrency: { type: "string" },
        restart: { type: "boolean" },
      },
    });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("Missing <file.csv|file.jsonl>");
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
    const format = contactsFormatOf(file);
    if (!format) throw new UsageError(`${file}: the file must end in .csv, .xlsx or .jsonl`);
    let namespace: string | undefined;
    if (values["upsert-by"] !== undefined) {
      const parsed = Namespace.safeParse(values["upsert-by"]);
      if (!parsed.success) throw new UsageError(`--upsert-by: ${parsed.error.issues[0]?.message}`);
      namespace = parsed.data;
    }
    const emptyCells = values["empty-cells"];
    if (emptyCells !== undefined && emptyCells !== "clear" && emptyCells !== "keep") {
      throw new UsageError("--empty-cells: clear or keep");
    }
    let delimiter: CsvDelimiter | undefined;
    if (values.delimiter !== undefined) {
      delimiter = parseDelimiter(values.delimiter);
      if (!delimiter) throw new UsageError('--delimiter: "," or ";" or tab');
    }
    const wholeNumber = (option: string, fallback: number, max: number) => {
      const raw = values[option as "batch-size" | "concurrency"];
      const n = raw === undefined ? fallback : Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > max)
        throw new UsageError(`--${option}: a whole number from 1 to ${max}`);
      return n;
    };
    await importFile({
      file,
      format,
      rowOptions: {
        namespace,
        emptyClears: emptyCells === undefined ? undefined : emptyCells === "clear",
        delimiter,
      },
      dryRun: values["dry-run"] === true,
      restart: values.restart === true,
      rejectsPath: values.rejects ?? `${file}.rejected.jsonl`,
      batchSize: wholeNumber("batch-size", DEFAULT_BATCH, BULK_UPSERT_MAX),
      concurrency: wholeNumber("concurrency", DEFAULT_CONCURRENCY, 16),
    });
  },
};

interface ImportOptions {
  file: string;
  format: ContactsFileFormat;
  rowOptions: RowOptions;
  dryRun: boolean;
  restart: boolean;
  rejectsPath: string;
  batchSize: number;
  concurrency: number;
}

const addTotals = (into: ImportTotals, from: ImportTotals) => {
  for (const k of Object.keys(into) as (keyof ImportTotals)[]) into[k] += from[k];
};

/**
 * The first pass: each key's last line, so that every earlier row of the key is collapsed
 * into it across the whole file (not only within a batch). Memory grows with the number of
 * distinct keys, by a few dozen bytes each (see LastLineOfKeys).
 */
async function lastLineOfKeys(o: ImportOptions): Promise<LastLineOfKeys> {
  const last = new LastLineOfKeys();
  const source = await openRowSource(o.file, o.format, o.rowOptions);
  for await (const row of source.rows) {
    if (!row.result.ok) continue;
    last.set(row.result.key, row.line);
  }
  return last;
}

/** What becomes of a row: rejected or collapsed before sending, or sent. */
function judge(
  row: ImportRow,
  lastLine: LastLineOfKeys,
): { reject: RejectedRow } | { send: SendRow; bytes: number } {
  const result = row.result;
  if (!result.ok)
    return { reject: { line: row.line, code: "BAD_REQUEST", reasons: result.issues, row: row.raw } };
  const winner = lastLine.get(result.key);
  if (winner !== undefined && winner !== row.line) {
    return {
      reject: {
        line: row.line,
        code: COLLAPSED,
        reasons: [{ path: [], message: `collapsed: superseded by line ${winner}` }],
        row: row.raw,
      },
    };
  }
  const valid = validateRow(row.line, row.raw, result);
  if ("issues" in valid) {
    return { reject: { line: row.line, code: "BAD_REQUEST", reasons: valid.issues, row: row.raw } };
  }
  // A named company becomes a connection of about this size once resolved.
  return { send: valid, bytes: JSON.stringify(valid.item).length + (valid.company ? 200 : 0) };
}

async function importFile(o: ImportOptions) {
  // A long import outlasts a busy moment of the server (503, 429): every batch is keyed, so
  // it may be retried more often than a single call, with backoff up to 10 s between tries.
  const api = openApi(NAME, { retries: 8 });
  const checkpoint = new ImportCheckpoint(o.file);
  const identity = await identityOf(o.file, {
    format: o.format,
    ...o.rowOptions,
    batchSize: o.batchSize,
  }).catch((err: NodeJS.ErrnoException) => {
    throw new CommandError(`Cannot read ${o.file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  // Fail early, before reading the file, when the server or the key is wrong.
  await api.call(() => api.client.contact.list.query({ limit: 1 }));

  let state: ImportState = checkpoint.fresh(identity);
  if (!o.dryRun && !o.restart) {
    const saved = await checkpoint.load(identity);
    if (saved.state) {
      state = saved.state;
      console.error(
        `Resuming at line ${state.doneThroughLine + 1}: the lines before were imported by an interrupted run ` +
          `(${checkpoint.path}; --restart starts over)`,
      );
    } else if (saved.stale) {
      console.error(
        `${checkpoint.path} belongs to another version of the file or other options: starting over`,
      );
    }
  }
  const resuming = state.doneThroughLine > 0;
  if (resuming) await trimRejects(o.rejectsPath, state.doneThroughLine);
  const rejects = new RejectsFile(o.rejectsPath, { append: resuming });
  if (!resuming && !o.dryRun) await rejects.clear();

  const lastLine = await lastLineOfKeys(o);
  const source = await openRowSource(o.file, o.format, o.rowOptions);
  const started = performance.now();
  const progress = new ImportProgress(source.size, 0);
  const run = emptyTotals();
  const companies = new Map<string, string>();

  // Batches finish in any order; they are committed (rejects written, totals added,
  // checkpoint saved) in file order only.
  const finished = new Map<number, ImportBatch>();
  let nextToCommit = 0;
  // The file is read ahead of the batches answered: progress counts the bytes read when the
  // last committed batch was closed.
  let doneBytes = 0;
  let commits: Promise<void> = Promise.resolve();
  const commitFinished = async () => {
    let advanced = false;
    for (let b = finished.get(nextToCommit); b; b = finished.get(nextToCommit)) {
      finished.delete(nextToCommit);
      for (const r of b.rejects) await rejects.write(r);
      addTotals(state.totals, b.tally);
      addTotals(run, b.tally);
      state.doneThroughLine = b.toLine;
      doneBytes = b.bytesRead;
      nextToCommit++;
      advanced = true;
    }
    if (advanced && !o.dryRun) await checkpoint.save(state);
    progress.update(doneBytes, run.rows);
  };

  let fatal: unknown;
  const inFlight = new Set<Promise<void>>();
  const dispatch = async (batch: ImportBatch) => {
    batch.bytesRead = source.bytesRead();
    while (inFlight.size >= o.concurrency) await Promise.race(inFlight);
    const work = (async () => {
      try {
        if (!o.dryRun && batch.rows.length) await sendBatch(api, batch, companies, state.runId);
        finished.set(batch.seq, batch);
        commits = commits.then(commitFinished);
        await commits;
      } catch (err) {
        fatal ??= err;
      }
    })();
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  let seq = 0;
  const newBatch = (): ImportBatch => ({
    seq: seq++,
    toLine: state.doneThroughLine,
    rows: [],
    bytes: 0,
    bytesRead: 0,
    rejects: [],
    tally: emptyTotals(),
  });
  let batch = newBatch();
  try {
    for await (const row of source.rows) {
      if (row.line <= state.doneThroughLine) continue;
      if (fatal) break;
      const verdict = judge(row, lastLine);
      if ("send" in verdict && batch.rows.length && batch.bytes + verdict.bytes > MAX_BATCH_BYTES) {
        await dispatch(batch);
        batch = newBatch();
      }
      batch.toLine = row.line;
      batch.tally.rows++;
      if ("reject" in verdict) {
        batch.tally[verdict.reject.code === COLLAPSED ? "collapsed" : "rejected"]++;
        batch.rejects.push(verdict.reject);
      } else if (o.dryRun) {
        batch.tally.created++;
      } else {
        batch.rows.push(verdict.send);
        batch.bytes += verdict.bytes;
      }
      if (batch.rows.length >= o.batchSize || (o.dryRun && batch.tally.rows >= o.batchSize)) {
        await dispatch(batch);
        batch = newBatch();
      }
    }
    if (!fatal && batch.tally.rows) await dispatch(batch);
    await Promise.all(inFlight);
    await commits;
  } finally {
    source.close();
    progress.stop();
    await rejects.close();
  }

  if (fatal) {
    const explained = explain(fatal, api.url);
    const message = explained instanceof Error ? explained.message : String(fatal);
    throw new CommandError(
      `${message}. Stopped at line ${state.doneThroughLine + 1}; rerun the same command to resume.`,
    );
  }
  if (!o.dryRun) await checkpoint.remove();

  const totals = state.totals;
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(run.rows / Math.max(seconds, 0.001));
  const collapsed = totals.collapsed ? `, ${totals.collapsed} collapsed (superseded by a later row)` : "";
  if (o.dryRun) {
    console.log(
      `Dry run of ${o.file}: ${totals.rows} rows, ${totals.created} valid, ${totals.rejected} rejected${collapsed}; nothing was written (${seconds.toFixed(1)} s)`,
    );
  } else {
    console.log(
      `Imported ${o.file}: ${totals.rows} rows in ${seconds.toFixed(1)} s (${rate} rows/s): ` +
        `${totals.created} created, ${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.rejected} rejected${collapsed}`,
    );
  }
  if (totals.rejected || totals.collapsed)
    console.log(`Rejected and collapsed rows and their reasons: ${o.rejectsPath}`);
  if (scriptsEnv.IMPORT_REPORT_PEAK_RSS) {
    console.log(`peak-rss-kb=${process.resourceUsage().maxRSS}`);
  }
  if (totals.rejected) {
    throw new CommandError(`${totals.rejected} of ${totals.rows} rows were rejected (see ${o.rejectsPath})`);
  }
}

/**
 * The key of a batch's request. A batch that creates contacts is keyed by its content alone,
 * so a rerun (within the API's 24 h) never creates them twice; a batch of updates and upserts
 * only, which cannot create twice by nature, is keyed to this run too, so a later run of the
 * same file asks the server again (and a contact changed meanwhile is reported, not replayed).
 */
function idempotencyKey(items: BulkUpsertItemInput[], runId: string): string {
  const creates = items.some((i) => i.id === undefined && i.ref === undefined);
  const hash = createHash("sha256");
  if (!creates) hash.update(runId);
  return `import-${hash.update(JSON.stringify(items)).digest("base64url")}`;
}

/** Resolves the batch's company names (cached across batches), then writes it in one call. */
async function sendBatch(api: ApiSession, batch: ImportBatch, companies: Map<string, string>, runId: string) {
  const wanted = new Map<string, string>();
  for (const r of batch.rows) {
    const name = r.company?.name;
    // The first spelling of a name in the file is the one a new company gets.
    if (name && !companies.has(name.toLowerCase()) && !wanted.has(name.toLowerCase())) {
      wanted.set(name.toLowerCase(), name);
    }
  }
  if (wanted.size) {
    const names = [...wanted.values()];
    const { companies: found } = await api.client.company.ensure.mutate(
      { names },
      { context: { retrySafe: true } },
    );
    found.forEach((c, i) => {
      companies.set(names[i]!.toLowerCase(), c.id);
    });
  }
  const items = batch.rows.map((r: SendRow) =>
    r.company
      ? withCompany(r.item, companies.get(r.company.name.toLowerCase())!, r.company.jobTitle)
      : r.item,
  );
  const key = idempotencyKey(items, runId);
  let answer: Awaited<ReturnType<typeof api.client.contact.bulkUpsert.mutate>> | undefined;
  for (let attempt = 0; !answer; attempt++) {
    try {
      answer = await api.client.contact.bulkUpsert.mutate({ items }, { context: { idempotencyKey: key } });
    } catch (err) {
      // A retry that overtook its own first attempt (timed out here, still running there):
      // wait for the first to finish, then the key replays its answer.
      if (reasonOf(err) === "IDEMPOTENCY_KEY_IN_PROGRESS" && attempt < IN_PROGRESS_RETRIES) {
        await sleep(2_000);
        continue;
      }
      throw err;
    }
  }
  answer.results.forEach((result, i) => {
    const row = batch.rows[i]!;
    if (result.ok) {
      if (result.outcome === "superseded") {
        batch.tally.collapsed++;
        const by = result.by === undefined ? undefined : batch.rows[result.by]?.line;
        batch.rejects.push({
          line: row.line,
          code: COLLAPSED,
          reasons: [{ path: [], message: `collapsed: superseded by line ${by ?? "?"}` }],
          row: row.raw,
        });
      } else {
        batch.tally[result.outcome]++;
      }
      return;
    }
    batch.tally.rejected++;
    const { error } = result;
    batch.rejects.push({
      line: row.line,
      code: error.code,
      reasons: error.issues?.length
        ? toColumnPaths(error.issues)
        : [{ path: error.reason === "STALE_VERSION" ? ["version"] : [], message: error.message }],
      row: row.raw,
    });
  });
  batch.rejects.sort((a, b) => a.line - b.line);
}

import { createHash } from "node:crypto";
import { errorCodeOf, isNetworkError, issuesOf } from "@contacts/client";
import {
  CreateContactRequest,
  type ErrorIssue,
  Namespace,
  toErrorIssues,
  UpsertByExternalRefInput,
  type UpsertByExternalRefOutput,
} from "@contacts/contracts";
import cliProgress from "cli-progress";
import { type ApiSession, explain, openApi } from "../api-client";
import type { Command } from "../command";
import { CommandError } from "../command-error";
import { type FileFormat, formatOf, openRowSource, type SourceRow } from "../contacts-io/read-rows";
import { RejectsFile } from "../contacts-io/rejects-file";
import { parseCommandArgs } from "../parse-command-args";
import { UsageError } from "../usage-error";

const NAME = "contacts import";
const DEFAULT_BATCH = 200;
/** Creates carry one Idempotency-Key each, so they travel one per request: this many at once. */
const CREATE_CONCURRENCY = 16;

interface Valid {
  line: number;
  raw: unknown;
  /** The input of the call: an upsert, or a create. */
  upsert?: UpsertByExternalRefInput;
  create?: CreateContactRequest;
  refKey?: string;
}

interface Totals {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

const withoutData = (issues: ErrorIssue[]) =>
  issues.map((i) => (i.path[0] === "data" ? { ...i, path: i.path.slice(1) } : i));

export const contactsImport: Command = {
  name: NAME,
  synopsis:
    "<file.csv|file.jsonl> [--upsert-by <namespace>] [--dry-run] [--rejects <file>] [--batch-size <n>]",
  summary:
    "Import contacts from a CSV or JSONL file through the API (CONTACTS_API_URL, CONTACTS_API_KEY), streaming it: " +
    "each row is validated with the contracts, rows are sent in batches, rejected rows are written with their " +
    "reasons, and a summary is printed. Safe to rerun after a crash: nothing is duplicated.",
  details: [
    "  --upsert-by <namespace>  each row's `externalId` column is its id in that namespace (e.g. hubspot):",
    "                           the contact holding it is updated, or created carrying it. Rerunning the",
    "                           file creates nothing twice. Without it, rows are created, each with an",
    "                           Idempotency-Key made from its content: a rerun within 24 h creates nothing",
    "                           again (and identical rows are created once).",
    "  --dry-run                validate every row and check the API answers; write nothing",
    "  --rejects <file>         where rejected rows go, one JSON object per line with line, reasons and row",
    "                           (default: <file>.rejected.jsonl)",
    `  --batch-size <n>         rows per request, 1–500 (default ${DEFAULT_BATCH})`,
    "",
    "Columns (CSV header or JSONL keys): firstName, lastName, email, phone, linkedInUrl, primaryLanguage,",
    "profilePictureId, strategy, blocked, tags, connections, externalRefs, and externalId. An empty cell is",
    "left out (an upsert leaves that field unchanged). Lists are JSON arrays as `contacts export` writes",
    "them; tags may also be `a;b` and externalRefs `namespace:id;namespace:id`. The columns id, version,",
    "createdAt and updatedAt of an export are ignored. Exits 1 if any row was rejected.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        "upsert-by": { type: "string" },
        "dry-run": { type: "boolean" },
        rejects: { type: "string" },
        "batch-size": { type: "string" },
      },
    });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("Missing <file.csv|file.jsonl>");
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
    const format = formatOf(file);
    if (!format) throw new UsageError(`${file}: the file must end in .csv or .jsonl`);
    let namespace: string | undefined;
    if (values["upsert-by"] !== undefined) {
      const parsed = Namespace.safeParse(values["upsert-by"]);
      if (!parsed.success) throw new UsageError(`--upsert-by: ${parsed.error.issues[0]?.message}`);
      namespace = parsed.data;
    }
    const batchSize = values["batch-size"] === undefined ? DEFAULT_BATCH : Number(values["batch-size"]);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) {
      throw new UsageError("--batch-size: a whole number from 1 to 500");
    }
    await importFile({
      file,
      format,
      namespace,
      dryRun: values["dry-run"] === true,
      rejectsPath: values.rejects ?? `${file}.rejected.jsonl`,
      batchSize,
    });
  },
};

function validate(row: SourceRow, namespace: string | undefined): Valid | { issues: ErrorIssue[] } {
  if (!row.result.ok) return { issues: row.result.issues };
  const { externalId, data } = row.result.row;
  if (namespace !== undefined) {
    if (externalId === undefined) {
      return { issues: [{ path: ["externalId"], message: `Required with --upsert-by ${namespace}` }] };
    }
    const parsed = UpsertByExternalRefInput.safeParse({ namespace, id: externalId, data });
    if (!parsed.success) {
      const issues = toErrorIssues(parsed.error.issues).map((i) =>
        i.path[0] === "id" ? { ...i, path: ["externalId", ...i.path.slice(1)] } : i,
      );
      return { issues: withoutData(issues) };
    }
    return { line: row.line, raw: row.raw, upsert: parsed.data, refKey: externalId };
  }
  const parsed = CreateContactRequest.safeParse(data);
  if (!parsed.success) return { issues: toErrorIssues(parsed.error.issues) };
  return { line: row.line, raw: row.raw, create: parsed.data };
}

async function importFile(o: {
  file: string;
  format: FileFormat;
  namespace: string | undefined;
  dryRun: boolean;
  rejectsPath: string;
  batchSize: number;
}) {
  const api = openApi(NAME, { maxBatchSize: o.batchSize });
  const source = await openRowSource(o.file, o.format);
  // Fail early, before reading the file, when the server or the key is wrong.
  await api.call(() => api.client.contact.list.query({ limit: 1 }));

  const rejects = new RejectsFile(o.rejectsPath);
  await rejects.clear();
  const totals: Totals = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(source.size, 0, { rows: 0, rate: 0 });
  const tick = () => {
    const seconds = (performance.now() - started) / 1000;
    bar.update(source.bytesRead(), {
      rows: totals.rows,
      rate: Math.round(totals.rows / Math.max(seconds, 0.001)),
    });
  };

  let batch: Valid[] = [];
  let refsInBatch = new Set<string>();
  const flush = async () => {
    if (batch.length && !o.dryRun) await sendBatch(api, batch, totals, rejects);
    else if (o.dryRun) totals.created += batch.length;
    batch = [];
    refsInBatch = new Set();
    tick();
  };
  try {
    for await (const row of source.rows) {
      totals.rows++;
      const valid = validate(row, o.namespace);
      if ("issues" in valid) {
        totals.rejected++;
        await rejects.write({ line: row.line, reasons: valid.issues, code: "BAD_REQUEST", row: row.raw });
        continue;
      }
      // The same reference twice in one batch would race: the later row goes in the next batch.
      if (valid.refKey !== undefined && refsInBatch.has(valid.refKey)) await flush();
      batch.push(valid);
      if (valid.refKey !== undefined) refsInBatch.add(valid.refKey);
      if (batch.length >= o.batchSize) await flush();
    }
    await flush();
  } finally {
    bar.stop();
    await rejects.close();
  }

  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(totals.rows / Math.max(seconds, 0.001));
  if (o.dryRun) {
    console.log(
      `Dry run of ${o.file}: ${totals.rows} rows, ${totals.created} valid, ${totals.rejected} rejected; nothing was written (${seconds.toFixed(1)} s)`,
    );
  } else {
    console.log(
      `Imported ${o.file}: ${totals.rows} rows in ${seconds.toFixed(1)} s (${rate} rows/s): ` +
        `${totals.created} created, ${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.rejected} rejected`,
    );
  }
  if (totals.rejected) {
    console.log(`Rejected rows and their reasons: ${o.rejectsPath}`);
    throw new CommandError(`${totals.rejected} of ${totals.rows} rows were rejected (see ${o.rejectsPath})`);
  }
}

/** The rows of one batch: upserts in one batched request, creates one request each (keyed). */
async function sendBatch(api: ApiSession, batch: Valid[], totals: Totals, rejects: RejectsFile) {
  const outcomes: PromiseSettledResult<UpsertByExternalRefOutput | "created">[] = [];
  const upserts = batch.filter((v) => v.upsert);
  if (upserts.length) {
    outcomes.push(
      ...(await Promise.allSettled(
        upserts.map((v) =>
          api.client.contact.upsertByExternalRef.mutate(v.upsert!, { context: { retrySafe: true } }),
        ),
      )),
    );
  }
  const creates = batch.filter((v) => v.create);
  for (let i = 0; i < creates.length; i += CREATE_CONCURRENCY) {
    const slice = creates.slice(i, i + CREATE_CONCURRENCY);
    outcomes.push(
      ...(await Promise.allSettled(
        slice.map(async (v) => {
          const key = `import-${createHash("sha256").update(JSON.stringify(v.create)).digest("base64url")}`;
          await api.client.contact.create.mutate(v.create!, { context: { idempotencyKey: key } });
          return "created" as const;
        }),
      )),
    );
  }
  const rows = [...upserts, ...creates];
  for (const [i, outcome] of outcomes.entries()) {
    const row = rows[i]!;
    if (outcome.status === "fulfilled") {
      const result = outcome.value;
      totals[result === "created" ? "created" : result.outcome]++;
      continue;
    }
    const err = outcome.reason;
    // The API could not be reached even after retries: stop, a rerun resumes safely.
    if (isNetworkError(err) || errorCodeOf(err) === "UNAUTHORIZED") {
      const explained = explain(err, api.url);
      throw explained instanceof Error
        ? new CommandError(
            `${explained.message}. Stopped at line ${row.line}; rerun the same command to resume.`,
          )
        : explained;
    }
    totals.rejected++;
    const issues = issuesOf(err);
    await rejects.write({
      line: row.line,
      code: errorCodeOf(err) ?? "ERROR",
      reasons: issues.length ? withoutData(issues) : [{ path: [], message: (err as Error).message }],
      row: row.raw,
    });
  }
}

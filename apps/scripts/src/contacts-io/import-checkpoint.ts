import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";

/** What a run counts; the checkpoint keeps the counts of the lines it has finished. */
export interface ImportTotals {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  collapsed: number;
  rejected: number;
}

export const emptyTotals = (): ImportTotals => ({
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  collapsed: 0,
  rejected: 0,
});

/** What makes a rerun the same import: the file as it was, and every option that shapes a batch. */
export interface ImportIdentity {
  file: { size: number; mtimeMs: number; headSha256: string };
  options: Record<string, unknown>;
}

export interface ImportState extends ImportIdentity {
  version: 1;
  /** Keys the idempotency of batches without creates to this run (see contacts-import.ts). */
  runId: string;
  /** Every row up to this line is done: its batch answered and its rejects are written. */
  doneThroughLine: number;
  totals: ImportTotals;
}

/** The file's identity: size, modification time and a hash of its first 64 KiB. */
export async function identityOf(file: string, options: Record<string, unknown>): Promise<ImportIdentity> {
  const s = await stat(file);
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const headSha256 = createHash("sha256").update(buffer.subarray(0, bytesRead)).digest("hex");
    // As saved: JSON drops undefined options, so compare what JSON keeps.
    return {
      file: { size: s.size, mtimeMs: s.mtimeMs, headSha256 },
      options: JSON.parse(JSON.stringify(options)),
    };
  } finally {
    await handle.close();
  }
}

/**
 * The checkpoint of an import, beside its file (`<file>.import-state.json`): written after
 * each batch that completes the finished prefix of the file, read by a rerun to resume after
 * the last finished line, removed when the import ends.
 */
export class ImportCheckpoint {
  readonly path: string;
  constructor(file: string) {
    this.path = `${file}.import-state.json`;
  }

  /** The saved state when it belongs to this file and these options; else undefined. */
  async load(identity: ImportIdentity): Promise<{ state?: ImportState; stale: boolean }> {
    let saved: ImportState;
    try {
      saved = JSON.parse(await readFile(this.path, "utf8")) as ImportState;
    } catch {
      return { stale: false };
    }
    const same =
      saved.version === 1 &&
      isDeepStrictEqual(saved.file, identity.file) &&
      isDeepStrictEqual(saved.options, identity.options);
    return same ? { state: saved, stale: false } : { stale: true };
  }

  fresh(identity: ImportIdentity): ImportState {
    return { version: 1, ...identity, runId: randomUUID(), doneThroughLine: 0, totals: emptyTotals() };
  }

  /** Written whole to a temp file and renamed over, so a crash never leaves half a checkpoint. */
  async save(state: ImportState) {
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.path);
  }

  async remove() {
    await rm(this.path, { force: true });
  }
}

/**
 * Keeps the rejects file's lines of the finished prefix only (a crash may have left lines of
 * a batch the checkpoint does not count yet; the rerun writes them again).
 */
export async function trimRejects(rejectsPath: string, throughLine: number) {
  const exists = await stat(rejectsPath).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const tmp = `${rejectsPath}.tmp`;
  const out = createWriteStream(tmp);
  for await (const text of createInterface({ input: createReadStream(rejectsPath) })) {
    if (text.trim() === "") continue;
    let line: number | undefined;
    try {
      line = (JSON.parse(text) as { line: number }).line;
    } catch {
      // a torn last line: dropped
    }
    if (line !== undefined && line <= throughLine && !out.write(`${text}\n`)) await once(out, "drain");
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  await rename(tmp, rejectsPath);
}

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { ErrorIssue } from "@contacts/contracts";

/** One JSON line per rejected row: where it was, what it was, and why. */
export interface RejectedRow {
  line: number;
  reasons: ErrorIssue[];
  code?: string;
  row: unknown;
}

/**
 * The rejects file: made on the first rejection (an old one from an earlier run is removed
 * first, so the file always describes the last run), written with backpressure.
 */
export class RejectsFile {
  private stream: WriteStream | undefined;
  count = 0;
  /** `append`: keep what an interrupted run wrote (its rejects stay in the report). */
  constructor(
    readonly path: string,
    private readonly options: { append?: boolean } = {},
  ) {}

  async clear() {
    await rm(this.path, { force: true });
  }

  async write(rejected: RejectedRow) {
    this.count++;
    this.stream ??= createWriteStream(this.path, { flags: this.options.append ? "a" : "w" });
    if (!this.stream.write(`${JSON.stringify(rejected)}\n`)) await once(this.stream, "drain");
  }

  async close() {
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PgDatabase } from "drizzle-orm/pg-core";
import { dbEnv } from "./env";

/**
 * Statement capture for the routability check (docs/scaling-citus.md): with SQL_CAPTURE_DIR
 * set, every distinct statement text a process sends is appended to a file of its own in that
 * folder, one JSON line `{ sql, equal }` per text (see equalGroups). Unset, `captureSql` is undefined and createDb adds no
 * logger at all: the hot path pays nothing.
 *
 * Tests send SQL of their own (fixtures, assertions reading tables) through the same
 * connection as the services they test. Those statements are not the service's: a statement
 * whose query was built by a test file or test helper is a fixture, written to a separate
 * `.fixtures.jsonl` file the check counts but does not judge. The origin is the first frame in
 * our own code, outside the database plumbing, of the call that BUILT the query (`db.select`,
 * `db.insert`, `db.execute`, `db.transaction`…): drizzle sends a statement from a promise job
 * of `await`, whose stack no longer reaches the caller. So, in capture mode only, those
 * methods of drizzle's PgDatabase (transactions inherit them) note the origin in an
 * AsyncLocalStorage that the `await` carries to the send. A statement whose builder had no
 * frame of ours (better-auth's adapter, a timer's job) counts as the service's: an unknown
 * origin is judged, never waved through. The migrator's statements go to `.migrations.jsonl`:
 * they run once per deployment, not per request.
 */
export type SqlCapture = (query: string, params?: readonly unknown[]) => void;

/** Frames of code that only carries a statement, never decides one. */
const PLUMBING = [
  "/node_modules/",
  "node:",
  "/packages/db/src/client.ts",
  "/packages/db/src/sql-capture.ts",
  "/packages/db/src/prepare-statements.ts",
  "/packages/db/src/rows.ts",
];
/** Code that is a test's own: its statements are fixtures, not the service's. */
const TEST_CODE = /\/(test|tests|testing|e2e|faults)\/|\.test\.tsx?\b|\.spec\.tsx?\b|\/vitest\./;

/** Whether the statement being sent now comes from a test's own code. */
function sentByTest(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  for (const line of stack.split("\n").slice(1)) {
    const file = /\(?((?:file:\/\/)?\/[^():]+)(?::\d+){0,2}\)?\s*$/.exec(line)?.[1];
    if (!file || PLUMBING.some((p) => file.includes(p))) continue;
    return TEST_CODE.test(file);
  }
  return false;
}

type Origin = "service" | "fixture" | "migration";
const origin = new AsyncLocalStorage<Origin>();

/** The drizzle methods that start a statement; each notes who called it. */
const BUILDERS = [
  "select",
  "selectDistinct",
  "selectDistinctOn",
  "insert",
  "update",
  "delete",
  "execute",
  "with",
  "$count",
  "transaction",
  "refreshMaterializedView",
] as const;

let noting = false;
function noteOrigins() {
  if (noting) return;
  noting = true;
  const proto = PgDatabase.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of BUILDERS) {
    const build = proto[name];
    if (typeof build !== "function") continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      // enterWith, not run: the mark must outlive this call and reach the `await` that sends.
      // Statements a migration sends stay the migration's.
      if (origin.getStore() !== "migration") origin.enterWith(sentByTest() ? "fixture" : "service");
      return build.apply(this, args);
    };
  }
}

/**
 * Which parameters held equal values, as groups of 1-based numbers: `[[1, 3, 6]]`. Queries
 * written with `sql` templates send the workspace id once per mention ($1, $3, $6), so the
 * parser alone cannot tell that they pin one shard (Citus prunes by the values at execution).
 * The capture records which parameters were equal in EVERY execution it saw, and the check
 * treats those as one value.
 */
function equalGroups(params: readonly unknown[]): number[] {
  const firstOf = new Map<string, number>();
  return params.map((value, i) => {
    const key = `${typeof value}:${value instanceof Date ? value.toISOString() : String(value)}`;
    const first = firstOf.get(key);
    if (first !== undefined) return first;
    firstOf.set(key, i);
    return i;
  });
}

/** The partition both partitions agree on (i and j together only if together in both). */
function meet(a: readonly number[], b: readonly number[]): number[] {
  const firstOf = new Map<string, number>();
  return a.map((x, i) => {
    const key = `${x}|${b[i]}`;
    const first = firstOf.get(key);
    if (first !== undefined) return first;
    firstOf.set(key, i);
    return i;
  });
}

function groupsOf(partition: readonly number[]): number[][] {
  const groups = new Map<number, number[]>();
  partition.forEach((first, i) => {
    groups.set(first, [...(groups.get(first) ?? []), i + 1]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

const FILE_SUFFIX: Record<Origin, string> = {
  service: ".jsonl",
  fixture: ".fixtures.jsonl",
  migration: ".migrations.jsonl",
};

/** Opens a capture into `dir` (SQL_CAPTURE_DIR does it once per process; tests open their own). */
export function openCapture(dir: string): SqlCapture {
  noteOrigins();
  mkdirSync(dir, { recursive: true });
  // Processes never share a file, so lines never interleave; the time tells apart processes
  // of different runs that got the same pid.
  const base = path.join(dir, `${process.pid}-${Date.now().toString(36)}`);
  const seen = new Map<string, number[]>();
  return (query, params = []) => {
    const from = origin.getStore() ?? "service";
    const key = `${from}:${query}`;
    const before = seen.get(key);
    const now = before ? meet(before, equalGroups(params)) : equalGroups(params);
    // A line per text, and another each time an execution shows fewer equal parameters.
    if (before && groupsOf(before).join(";") === groupsOf(now).join(";")) return;
    seen.set(key, now);
    appendFileSync(
      `${base}${FILE_SUFFIX[from]}`,
      `${JSON.stringify({ sql: query, equal: groupsOf(now) })}\n`,
    );
  };
}

/** Runs the migrations' statements as migrations: one-off, outside the routability rule. */
export function asMigration<T>(run: () => Promise<T>): Promise<T> {
  return origin.run("migration", run);
}

/** The process's capture, or undefined when SQL_CAPTURE_DIR is unset. */
export const captureSql: SqlCapture | undefined = dbEnv.SQL_CAPTURE_DIR
  ? openCapture(path.resolve(dbEnv.SQL_CAPTURE_DIR))
  : undefined;

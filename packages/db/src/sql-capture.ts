import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PgDatabase } from "drizzle-orm/pg-core";
import { dbEnv } from "./env";

/**
 * Statement capture for the routability check (docs/scaling-citus.md): with SQL_CAPTURE_DIR
 * set, every distinct statement text a process sends is appended once to a file of its own in
 * that folder, one JSON string per line. Unset, `captureSql` is undefined and createDb adds no
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
 * origin is judged, never waved through.
 */
export type SqlCapture = (query: string) => void;

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

type Origin = "service" | "fixture";
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

function noteOrigins() {
  const proto = PgDatabase.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of BUILDERS) {
    const build = proto[name];
    if (typeof build !== "function") continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      // enterWith, not run: the mark must outlive this call and reach the `await` that sends.
      origin.enterWith(sentByTest() ? "fixture" : "service");
      return build.apply(this, args);
    };
  }
}

function openCapture(dir: string): SqlCapture {
  noteOrigins();
  mkdirSync(dir, { recursive: true });
  // Processes never share a file, so lines never interleave; the time tells apart processes
  // of different runs that got the same pid.
  const base = path.join(dir, `${process.pid}-${Date.now().toString(36)}`);
  const seen = new Set<string>();
  return (query) => {
    const fixture = origin.getStore() === "fixture";
    const key = `${fixture ? "f" : "s"}${query}`;
    if (seen.has(key)) return;
    seen.add(key);
    appendFileSync(`${base}${fixture ? ".fixtures" : ""}.jsonl`, `${JSON.stringify(query)}\n`);
  };
}

/** The process's capture, or undefined when SQL_CAPTURE_DIR is unset. */
export const captureSql: SqlCapture | undefined = dbEnv.SQL_CAPTURE_DIR
  ? openCapture(path.resolve(dbEnv.SQL_CAPTURE_DIR))
  : undefined;

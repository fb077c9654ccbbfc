import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbConnection } from "../src/client";
import { findWorkspaceBySlug } from "../src/queries/workspaces";
import { asMigration, openCapture } from "../src/sql-capture";
import { createTestWorkspace, openTestDb } from "../src/testing";

/**
 * The statement capture behind the routability check (docs/scaling-citus.md): statements the
 * service's code builds go to the service's file, those a test builds to the fixtures file,
 * a migration's to its own, and the parameters equal in every execution are recorded.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "sql-capture-test-"));
const capture = openCapture(dir);
let conn: DbConnection;
beforeAll(async () => {
  conn = await openTestDb({
    // drizzle's logger passes the parameters as a second argument.
    onQuery: ((query: string, params: unknown[]) => capture(query, params)) as (query: string) => void,
  });
});
afterAll(async () => {
  await conn?.close();
});

type Line = { sql: string; equal: number[][] };
function read(suffix: string): Line[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix) && (suffix !== ".jsonl" || !/\.(fixtures|migrations)\.jsonl$/.test(f)))
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line) as Line);
}

describe("statement capture", () => {
  it("files a statement by who built it: test code is a fixture, src code the service's", async () => {
    const workspace = await createTestWorkspace(conn);
    await conn.db.execute(sql`select 'built by the test' as origin`);
    await findWorkspaceBySlug(conn.db, workspace.slug);
    const service = read(".jsonl").map((l) => l.sql);
    const fixtures = read(".fixtures.jsonl").map((l) => l.sql);
    expect(fixtures.some((s) => s.includes("built by the test"))).toBe(true);
    expect(fixtures.some((s) => s.startsWith(`insert into "workspaces"`))).toBe(true);
    expect(service.some((s) => s.includes(`"workspaces"."slug" = $1`))).toBe(true);
    expect(service.some((s) => s.includes("built by the test"))).toBe(false);
  });

  it("records a text once, and again only when an execution shows fewer equal parameters", () => {
    const text = "select $1, $2, $3 -- equal";
    // Called straight from the test, it is filed as whatever this test built last.
    const lines = () => [...read(".jsonl"), ...read(".fixtures.jsonl")].filter((l) => l.sql === text);
    capture(text, ["w", "w", "w"]);
    capture(text, ["v", "v", "v"]);
    expect(lines().map((l) => l.equal)).toEqual([[[1, 2, 3]]]);
    capture(text, ["v", "v", "x"]);
    expect(lines().map((l) => l.equal)).toEqual([[[1, 2, 3]], [[1, 2]]]);
  });

  it("files a migration's statements apart", async () => {
    await asMigration(async () => capture("select 'a migration'"));
    expect(read(".migrations.jsonl").map((l) => l.sql)).toEqual(["select 'a migration'"]);
  });
});

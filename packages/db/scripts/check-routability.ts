/**
 * The routability check (docs/scaling-citus.md): reads the statements captured with
 * SQL_CAPTURE_DIR, parses each with PostgreSQL's own parser (libpg-query), and fails, naming
 * the statement and why, when one touching workspace data cannot be routed to one Citus shard.
 *
 *   pnpm --filter @contacts/db check:routability <capture dir>
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fingerprintSync, loadModule, parseSync } from "libpg-query";
import { checkStatement, type StatementClass } from "../src/routability/check-statement";
import { MULTI_SHARD_ALLOWLIST } from "../src/routability/multi-shard-allowlist";
import { tablePlacements } from "../src/routability/table-placement";

type Origin = "service" | "fixtures" | "migrations";
const originOf = (file: string): Origin =>
  file.endsWith(".fixtures.jsonl")
    ? "fixtures"
    : file.endsWith(".migrations.jsonl")
      ? "migrations"
      : "service";

/** Captured texts of one origin, each with the parameters equal in every execution seen. */
function readCapture(dir: string, origin: Origin): Map<string, number[][]> {
  const statements = new Map<string, number[][]>();
  if (!existsSync(dir)) return statements;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".jsonl") || originOf(file) !== origin) continue;
    for (const line of readFileSync(path.join(dir, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as string | { sql: string; equal?: number[][] };
      const { sql, equal = [] } = typeof entry === "string" ? { sql: entry } : entry;
      const before = statements.get(sql);
      statements.set(sql, before ? meetGroups(before, equal) : equal);
    }
  }
  return statements;
}

/** Parameters equal in both observations (each a list of groups of equal parameters). */
function meetGroups(a: number[][], b: number[][]): number[][] {
  const groupIn = (groups: number[][]) => new Map(groups.flatMap((g, i) => g.map((n) => [n, i] as const)));
  const inB = groupIn(b);
  return a
    .flatMap((g) => {
      const split = new Map<number, number[]>();
      for (const n of g) {
        const k = inB.get(n);
        if (k !== undefined) split.set(k, [...(split.get(k) ?? []), n]);
      }
      return [...split.values()];
    })
    .filter((g) => g.length > 1);
}

const oneLine = (sql: string, max = 400) => {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: check-routability <capture dir>");
    process.exit(2);
  }
  await loadModule();
  const tables = tablePlacements();
  const statements = readCapture(dir, "service");
  const fixtureCount = readCapture(dir, "fixtures").size;
  const migrationCount = readCapture(dir, "migrations").size;
  const counts = new Map<StatementClass | "allowlisted", number>();
  const failures: string[] = [];
  const allowed = new Map<string, number>();
  for (const [text, equalParams] of statements) {
    let parsed: { stmts?: { stmt?: unknown }[] };
    try {
      parsed = parseSync(text);
    } catch (err) {
      failures.push(`${oneLine(text)}\n    does not parse: ${(err as Error).message}`);
      continue;
    }
    const verdicts = (parsed.stmts ?? []).map((s) => checkStatement(s.stmt, tables, equalParams));
    const broken = verdicts.filter((v) => v.class === "broken");
    if (broken.length === 0) {
      for (const v of verdicts) counts.set(v.class, (counts.get(v.class) ?? 0) + 1);
      continue;
    }
    const print = fingerprintSync(text);
    const allow = MULTI_SHARD_ALLOWLIST.find((a) => a.fingerprint === print);
    if (allow) {
      allowed.set(allow.fingerprint, (allowed.get(allow.fingerprint) ?? 0) + 1);
      counts.set("allowlisted", (counts.get("allowlisted") ?? 0) + 1);
      continue;
    }
    const problems = broken.flatMap((v) => v.problems).map((p) => `    - ${p}`);
    failures.push(`${oneLine(text)}\n    fingerprint ${print}\n${problems.join("\n")}`);
  }

  console.log(
    `routability: ${statements.size} distinct statements checked (not judged: ${fixtureCount} of test fixtures, ${migrationCount} of migrations)`,
  );
  for (const [cls, n] of [...counts].sort()) console.log(`  ${cls}: ${n}`);
  for (const a of MULTI_SHARD_ALLOWLIST) {
    const n = allowed.get(a.fingerprint) ?? 0;
    console.log(`  multi-shard by design (${n} seen): ${a.statement}\n    why: ${a.reason}`);
  }
  if (statements.size === 0) {
    console.error(`routability: no statements captured in ${dir}: was SQL_CAPTURE_DIR set for the tests?`);
    process.exit(1);
  }
  if (failures.length) {
    console.error(`\nroutability: ${failures.length} statement(s) cannot be routed to one shard:\n`);
    for (const f of failures) console.error(`  ${f}\n`);
    process.exit(1);
  }
  console.log("routability: every statement touching workspace data is routed to one shard");
}

await main();

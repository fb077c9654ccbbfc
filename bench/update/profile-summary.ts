import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Turbopack bundles many modules into one chunk file; its source map says which original file
 * (hence which package) a function of the chunk comes from.
 */
class ChunkIndex {
  private maps = new Map<string, SourceMap | null>();

  moduleAt(url: string, line: number, column: number): string | undefined {
    if (!this.maps.has(url)) this.maps.set(url, this.load(url));
    const entry = this.maps.get(url)?.findEntry(line, column);
    return entry && "originalSource" in entry ? entry.originalSource : undefined;
  }

  private load(url: string): SourceMap | null {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (!existsSync(`${file}.map`)) return null;
    try {
      return new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      return null;
    }
  }
}

const SOCKET_WRITES = new Set([
  "writeBuffer",
  "writev",
  "writeUtf8String",
  "writeString",
  "writeLatin1String",
]);

/** Where a sampled function's code comes from: a package, Node itself, or this project. */
function categorize(frame: CallFrame, chunks: ChunkIndex): string {
  const { functionName, url } = frame;
  if (functionName === "(idle)") return "idle (event loop waiting: PostgreSQL, clients)";
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(program)") return "V8 / native (program)";
  if (url === "" && SOCKET_WRITES.has(functionName)) return "socket writes (syscalls)";
  if (url === "") return "native (other)";
  if (url.startsWith("node:")) return "Node core (http, net, streams, web streams)";
  const module =
    (url.includes("/server/chunks/") && chunks.moduleAt(url, frame.lineNumber, frame.columnNumber)) || url;
  const m = module.toLowerCase();
  if (m.includes("@trpc") || m.includes("unstable-core-do-not-import") || m.includes("adapters/fetch"))
    return "tRPC";
  if (m.includes("/zod@") || m.includes("/zod/")) return "zod";
  if (m.includes("libphonenumber") || m.includes("iso-639-1"))
    return "libphonenumber-js, iso-639-1 (validation)";
  if (m.includes("/postgres@") || m.includes("/postgres/src")) return "postgres.js (driver)";
  if (m.includes("drizzle-orm")) return "drizzle-orm";
  if (m.includes("pino") || m.includes("sonic-boom") || m.includes("thread-stream"))
    return "pino (request log)";
  if (m.includes("better-auth") || m.includes("kysely") || m.includes("jose")) return "better-auth";
  if (m.includes("/undici")) return "Node core (http, net, streams, web streams)";
  if (
    m.includes("/next@") ||
    m.includes("/next/dist") ||
    m.includes("turbopack") ||
    m.startsWith("build/templates")
  )
    return "Next.js (server, routing, bundler runtime)";
  if (/(^|\/)(packages|apps)\//.test(m) && !m.includes("node_modules"))
    return "contacts code (packages/api, packages/db, apps/web)";
  return `other: ${module.split("/").slice(-3).join("/")}`;
}

function selfTimes(file: string, key: (frame: CallFrame) => string) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const k = key(node.callFrame);
    totals.set(k, (totals.get(k) ?? 0) + dt);
    all += dt;
  });
  return [...totals.entries()]
    .map(([name, ms]) => ({ name, ms, share: ms / all }))
    .sort((a, b) => b.ms - a.ms);
}

const LOW_LEVEL = new Set([
  "Node core (http, net, streams, web streams)",
  "socket writes (syscalls)",
  "native (other)",
  "V8 / native (program)",
]);

/**
 * Time per category, each sample charged to the nearest frame on its stack that belongs to a
 * package or to this project: Node's web streams or a socket write run on behalf of Next.js,
 * tRPC or the driver count as theirs. Samples with no such frame stay in Node core (the
 * HTTP server itself, timers). Idle and GC are their own.
 */
export function summarizeProfile(file: string): { category: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const chunks = new ChunkIndex();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const categoryOf = new Map<number, string>();
  const attributed = (id: number): string => {
    const known = categoryOf.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const own = categorize(node.callFrame, chunks);
    let result = own;
    if (LOW_LEVEL.has(own)) {
      const up = parent.get(id);
      const above =
        up === undefined || byId.get(up)!.callFrame.functionName === "(root)" ? undefined : attributed(up);
      result =
        above && !LOW_LEVEL.has(above)
          ? above
          : own === "socket writes (syscalls)"
            ? own
            : "Node core (http, net, streams, web streams)";
    }
    categoryOf.set(id, result);
    return result;
  };
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const cat = attributed(id);
    totals.set(cat, (totals.get(cat) ?? 0) + dt);
    all += dt;
  });
  return [...totals.entries()]
    .map(([category, ms]) => ({ category, ms, share: ms / all }))
    .sort((a, b) => b.ms - a.ms);
}

/** The heaviest functions by self time, with their module, for finding fixes. */
export function topFunctions(file: string, count = 25): { fn: string; ms: number; share: number }[] {
  const chunks = new ChunkIndex();
  return selfTimes(file, (f) => {
    const module =
      (f.url.includes("/server/chunks/") && chunks.moduleAt(f.url, f.lineNumber, f.columnNumber)) || f.url;
    return `${f.functionName || "(anonymous)"} ${module.split("/").slice(-2).join("/")}`;
  })
    .slice(0, count)
    .map(({ name, ms, share }) => ({ fn: name, ms, share }));
}

if (process.argv[1]?.endsWith("profile-summary.ts") && process.argv[2]) {
  process.stdout.on("error", () => process.exit(0));
  for (const r of summarizeProfile(process.argv[2]))
    console.log(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.category}`);
  console.log("");
  for (const r of topFunctions(process.argv[2], 40))
    console.log(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.fn}`);
}

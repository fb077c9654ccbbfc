/**
 * First-load JavaScript of every page of a `next build` output (Next 16 with Turbopack no
 * longer prints it): the root main files plus every chunk the route's layouts and page enter
 * with, gzip-compressed (level 9). Prints a Markdown table of all pages, with a baseline
 * build's figures beside them when one is given, and what fills each page's own chunks.
 *
 * Usage: tsx update/first-load-js.ts [distDir=apps/web/.next-bench] [route…]
 *          [--baseline OTHER_DIST_DIR] [--chunks] [--budget 180]
 *
 * A route is named as the browser sees it (`/contacts/[id]`) or as the app folder has it
 * (`(app)/contacts/[id]`); none = every page. `--chunks` lists each page's chunks. A build
 * made with NEXT_BROWSER_SOURCE_MAPS=1 (apps/web/next.config.ts) has source maps, and then
 * each chunk is split by package and app folder; without them a chunk is named by strings
 * its packages are known to contain. Exits 1 when a page is above the budget.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function parseArgs(argv: string[]) {
  const positional: string[] = [];
  let baseline: string | undefined;
  let chunks = false;
  let budget = 180;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--baseline") baseline = argv[++i];
    else if (arg === "--chunks") chunks = true;
    else if (arg === "--budget") budget = Number(argv[++i]);
    else positional.push(arg);
  }
  const [dist = "apps/web/.next-bench", ...routes] = positional;
  return { dist: path.resolve(repoRoot, dist), routes, baseline, chunks, budget };
}

interface Page {
  /** As the browser sees it: `/contacts/[id]`. */
  route: string;
  files: { file: string; gzip: number; everyPage: boolean }[];
  total: number;
}

/** Every page of a build: its route and the chunks it loads before it is interactive. */
function pagesOf(dist: string): Page[] {
  const buildManifest = JSON.parse(readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  // "/(app)/contacts/[id]/page" → "/contacts/[id]": route handlers (api, the API reference)
  // have no client manifest and no first-load JS of Next's.
  const appPaths = JSON.parse(
    readFileSync(path.join(dist, "app-path-routes-manifest.json"), "utf8"),
  ) as Record<string, string>;
  const pages: Page[] = [];
  for (const [entry, route] of Object.entries(appPaths)) {
    if (!entry.endsWith("/page")) continue;
    const manifestFile = path.join(dist, "server/app", `${entry}_client-reference-manifest.js`);
    if (!existsSync(manifestFile)) continue;
    const context = { globalThis: {} as Record<string, unknown> };
    vm.runInNewContext(readFileSync(manifestFile, "utf8"), context);
    const manifests = (
      context.globalThis as {
        __RSC_MANIFEST: Record<string, { entryJSFiles: Record<string, string[]> }>;
      }
    ).__RSC_MANIFEST;
    const entryFiles = Object.values(manifests)[0]!.entryJSFiles;
    const names = [...new Set([...buildManifest.rootMainFiles, ...Object.values(entryFiles).flat()])];
    const files = names
      .map((file) => ({
        file,
        gzip: gzipSize(path.join(dist, file)),
        everyPage: buildManifest.rootMainFiles.includes(file),
      }))
      .sort((a, b) => b.gzip - a.gzip);
    pages.push({ route, files, total: files.reduce((sum, f) => sum + f.gzip, 0) });
  }
  return pages.sort((a, b) => a.route.localeCompare(b.route));
}

const gzipCache = new Map<string, number>();
function gzipSize(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** Without source maps, a chunk is named by strings its packages are known to contain. */
const MARKERS: [RegExp, string][] = [
  [/react\.dev\/errors/, "react / react-dom"],
  [/NEXT_REDIRECT|__next_f/, "next (client runtime, router)"],
  [/TRPCClientError/, "@trpc/client"],
  [/QueryClient/, "@tanstack/react-query"],
  [/ZodError|_zod/, "zod"],
  [/libphonenumber|INVALID_COUNTRY|TOO_SHORT/, "libphonenumber-js"],
  [/data-radix|radix-ui|Radix/, "radix-ui"],
  [/sonner|data-sonner/, "sonner"],
  [/better-auth|better_auth/, "better-auth client"],
  [/externalRefs|contact\.update|contact\.list/, "contacts app code"],
];

function byMarkers(file: string): string {
  const text = readFileSync(file, "utf8");
  const names = MARKERS.filter(([re]) => re.test(text)).map(([, name]) => name);
  if (path.basename(file).startsWith("turbopack-")) names.push("turbopack runtime");
  return names.join(", ") || "small shared chunk";
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The source index of each segment of a source map's `mappings`, with its line and column. */
function* segments(mappings: string): Generator<{ line: number; column: number; source: number }> {
  let source = 0;
  let line = 0;
  for (const lineText of mappings.split(";")) {
    let column = 0;
    for (const segment of lineText.split(",")) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) {
        source += values[1]!;
        yield { line, column, source };
      }
    }
    line++;
  }
}

/** A source file as a reader thinks of it: its package, or the app's folder it lives in. */
function owner(source: string): string {
  const file = source.replace(/^turbopack:\/\/\/\[project\]\//, "");
  // Next ships react-dom and others precompiled inside its own package.
  const compiled = file.match(/node_modules\/next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/);
  if (compiled) return compiled[1]!;
  const inPackage = file.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1]!;
  const inApp = file.match(/^apps\/web\/src\/((?:features|app|components|lib)\/[^/]+)/);
  if (inApp) return `apps/web ${inApp[1]!.replace(/\.tsx?$/, "")}`;
  const inWorkspace = file.match(/^packages\/([^/]+)\/src\/([^/]+)/);
  if (inWorkspace) return `@contacts/${inWorkspace[1]!} ${inWorkspace[2]!.replace(/\.tsx?$/, "")}`;
  return file.startsWith("turbopack:") || file.includes("[turbopack]") ? "turbopack runtime" : file;
}

/**
 * A chunk's bytes by owner, from its source map: each mapped segment owns the generated text
 * up to the next one. Gzip shrinks owners unevenly; the shares are of the raw text, applied
 * to the gzip size.
 */
function byOwner(file: string): Map<string, number> | undefined {
  const text = readFileSync(file, "utf8");
  // Turbopack names a chunk's map by its own hash: the chunk's last line says which.
  const mapName = text.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
  const mapFile = mapName && path.join(path.dirname(file), mapName);
  if (!mapFile || !existsSync(mapFile)) return undefined;
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as {
    sources?: string[];
    mappings?: string;
    sections?: { offset: { line: number; column: number }; map: { sources: string[]; mappings: string } }[];
  };
  const lines = text.split("\n");
  const sections = map.sections ?? [
    { offset: { line: 0, column: 0 }, map: { sources: map.sources ?? [], mappings: map.mappings ?? "" } },
  ];
  const owned = new Map<string, number>();
  let previous: { line: number; column: number; owner: string } | undefined;
  const credit = (to: { line: number; column: number }) => {
    if (!previous) return;
    let length = 0;
    for (let l = previous.line; l <= to.line && l < lines.length; l++) {
      const start = l === previous.line ? previous.column : 0;
      const end = l === to.line ? to.column : lines[l]!.length + 1;
      length += Math.max(0, end - start);
    }
    owned.set(previous.owner, (owned.get(previous.owner) ?? 0) + length);
  };
  for (const { offset, map: section } of sections) {
    for (const s of segments(section.mappings)) {
      const at = {
        line: s.line + offset.line,
        column: s.line === 0 ? s.column + offset.column : s.column,
      };
      credit(at);
      previous = { ...at, owner: owner(section.sources[s.source] ?? "?") };
    }
  }
  credit({ line: lines.length - 1, column: lines.at(-1)!.length });
  const total = [...owned.values()].reduce((a, b) => a + b, 0) || 1;
  const gzip = gzipSize(file);
  return new Map([...owned].map(([name, chars]) => [name, (chars / total) * gzip]));
}

const kB = (n: number) => (n / 1000).toFixed(1);

function describeChunk(dist: string, file: string, limit = 4): string {
  const full = path.join(dist, file);
  const owners = byOwner(full);
  if (!owners) return byMarkers(full);
  return [...owners]
    .sort((a, b) => b[1] - a[1])
    .filter(([, size], i) => i < limit && size >= 200)
    .map(([name, size]) => `${name} ${kB(size)}`)
    .join(", ");
}

const args = parseArgs(process.argv.slice(2));
if (!existsSync(path.join(args.dist, "build-manifest.json"))) {
  console.error(`${args.dist} holds no build: \`cd apps/web && NEXT_DIST_DIR=… npx next build\` first`);
  process.exit(2);
}
const wanted = (route: string) =>
  !args.routes.length ||
  args.routes.some((r) => r === route || `/${r.replace(/\([^)]*\)\/?/g, "")}`.replace(/\/$/, "") === route);
const pages = pagesOf(args.dist).filter((p) => wanted(p.route));
const baseline = args.baseline
  ? new Map(pagesOf(path.resolve(repoRoot, args.baseline)).map((p) => [p.route, p.total]))
  : undefined;
const everyPage = pages[0]?.files.filter((f) => f.everyPage).reduce((sum, f) => sum + f.gzip, 0) ?? 0;

console.log(
  `First-load JS, gzip -9, of ${path.relative(repoRoot, args.dist)} (${kB(everyPage)} kB of it on every page: React, Next.js, Turbopack's runtime)\n`,
);
const header = [
  "page",
  ...(baseline ? ["before kB"] : []),
  "kB",
  `≤ ${args.budget} kB`,
  "files",
  "its largest chunks",
];
console.log(`| ${header.join(" | ")} |`);
console.log(
  `| ${header.map((_h, i) => (i === 0 || i === header.length - 1 ? "---" : "---:")).join(" | ")} |`,
);
for (const page of pages) {
  const own = page.files.filter((f) => !f.everyPage && f.gzip >= 2000).slice(0, 3);
  const cells = [
    `\`${page.route}\``,
    ...(baseline ? [baseline.has(page.route) ? kB(baseline.get(page.route)!) : "–"] : []),
    `**${kB(page.total)}**`,
    page.total <= args.budget * 1000 ? "yes" : "**no**",
    String(page.files.length),
    own.map((f) => `${kB(f.gzip)} (${describeChunk(args.dist, f.file, 2)})`).join("; "),
  ];
  console.log(`| ${cells.join(" | ")} |`);
}

if (args.chunks) {
  for (const page of pages) {
    console.log(`\n${page.route}: ${kB(page.total)} kB in ${page.files.length} files`);
    for (const { file, gzip, everyPage: shared } of page.files) {
      console.log(
        `  ${kB(gzip).padStart(6)} kB  ${path.basename(file)}${shared ? " [every page]" : ""}  ${describeChunk(args.dist, file, 8)}`,
      );
    }
  }
}

console.log(`\n${pages.length} pages`);
const over = pages.filter((p) => p.total > args.budget * 1000);
if (over.length) {
  console.log(`above ${args.budget} kB: ${over.map((p) => p.route).join(", ")}`);
  process.exitCode = 1;
}

/**
 * First-load JavaScript of app routes from a `next build` output (Next 16 with Turbopack no
 * longer prints it): the root main files plus every chunk the route's layouts and page enter
 * with, gzip-compressed (level 9), and which packages fill each chunk.
 *
 * Usage: tsx update/first-load-js.ts [distDir=apps/web/.next-bench] [route…]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.resolve(repoRoot, process.argv[2] ?? "apps/web/.next-bench");
const routes = process.argv.slice(3).length
  ? process.argv.slice(3)
  : ["(app)/contacts", "(app)/contacts/[id]"];

const buildManifest = JSON.parse(readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};

function routeFiles(route: string): string[] {
  const file = path.join(dist, "server/app", route, "page_client-reference-manifest.js");
  const context = { globalThis: {} as Record<string, unknown> };
  vm.runInNewContext(readFileSync(file, "utf8"), context);
  const manifests = (
    context.globalThis as { __RSC_MANIFEST: Record<string, { entryJSFiles: Record<string, string[]> }> }
  ).__RSC_MANIFEST;
  const entry = Object.values(manifests)[0]!.entryJSFiles;
  return [...new Set([...buildManifest.rootMainFiles, ...Object.values(entry).flat()])];
}

const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;

/** Without browser source maps, a chunk is named by strings its packages are known to contain. */
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

function describe(file: string): string {
  const text = readFileSync(path.join(dist, file), "utf8");
  const names = MARKERS.filter(([re]) => re.test(text)).map(([, name]) => name);
  if (file.includes("turbopack-")) names.push("turbopack runtime");
  return names.join(", ") || "(small shared chunk)";
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
for (const route of routes) {
  const files = routeFiles(route);
  const sized = files.map((f) => ({ f, size: gz(f) })).sort((a, b) => b.size - a.size);
  const total = sized.reduce((sum, x) => sum + x.size, 0);
  console.log(
    `/${route.replace(/\([^)]*\)\//g, "")}: first-load JS ${kB(total)} (gzip -9) in ${files.length} files`,
  );
  for (const { f, size } of sized) {
    const root = buildManifest.rootMainFiles.includes(f) ? " [every page]" : "";
    console.log(`  ${kB(size).padStart(9)}  ${path.basename(f)}${root}  ${describe(f)}`);
  }
}

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

export const dynamic = "force-static";

/**
 * Scalar's standalone browser bundle, served from the installed npm package (no CDN at run
 * time). Resolved from the app's folder at run time: the bundler would rewrite import.meta.url.
 */
export async function GET(): Promise<Response> {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  const file = require.resolve("@scalar/api-reference/browser/standalone.js");
  return new Response(await readFile(file), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}

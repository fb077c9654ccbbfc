import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export const dynamic = "force-static";

/** Scalar's standalone browser bundle, served from the installed npm package (no CDN at run time). */
export async function GET(): Promise<Response> {
  const file = createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js");
  return new Response(await readFile(file), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}

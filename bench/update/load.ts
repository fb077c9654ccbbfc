/**
 * The load generator, run as its own process so it never shares a CPU-bound event loop with
 * what it measures: autocannon against POST {url}/api/trpc/contact.update (or GET
 * contact.list with search terms), a random contact and a fresh random value per request.
 * Prints one JSON line: { rps, p50, p95, p99, errors, count, statuses }.
 *
 * Usage: tsx load.ts '{"url":…,"apiKey":…,"mode":"scalar"|"lists"|"mixed"|"search","connections":8,"seconds":8}'
 */
import autocannon from "autocannon";
import { contactId, PATCH_KINDS, type PatchKind, patchFor, randomContactNumber, randomInt } from "./fixtures";
import { summarize } from "./stats";

export interface LoadOptions {
  url: string;
  apiKey: string;
  mode: PatchKind | "mixed" | "search";
  connections: number;
  seconds: number;
  /** Search terms for mode "search", used in turn. */
  terms?: string[];
  /** The contacts to update, when not seed.ts's: ids `prefix || n`, n in first … first + count - 1. */
  contacts?: { prefix: string; first: number; count: number };
}

const opts = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
const headers = { authorization: `Bearer ${opts.apiKey}`, "content-type": "application/json" };

function updateBody(): string {
  const kind: PatchKind = opts.mode === "mixed" ? PATCH_KINDS[randomInt() % 2]! : (opts.mode as PatchKind);
  const range = opts.contacts;
  const n = range ? range.first + Math.floor(Math.random() * range.count) : randomContactNumber();
  const id = range ? `${range.prefix}${n}` : contactId(n);
  return JSON.stringify({ id, data: patchFor(kind, n, randomInt()) });
}

let termIndex = 0;
const request: autocannon.Request =
  opts.mode === "search"
    ? {
        method: "GET",
        path: "/api/trpc/contact.list",
        headers,
        setupRequest: (req) => {
          const terms = opts.terms ?? ["berg"];
          const search = terms[termIndex++ % terms.length];
          return {
            ...req,
            path: `/api/trpc/contact.list?input=${encodeURIComponent(JSON.stringify({ search }))}`,
          };
        },
      }
    : {
        method: "POST",
        path: "/api/trpc/contact.update",
        headers,
        setupRequest: (req) => ({ ...req, body: updateBody() }),
      };

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
const started = performance.now();
const instance = autocannon(
  {
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [request],
  },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    const seconds = Math.min((performance.now() - started) / 1000, result.duration || opts.seconds);
    errors += result.errors + result.timeouts;
    console.log(JSON.stringify({ ...summarize(latencies, seconds, errors), statuses }));
  },
);
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  else errors++;
});

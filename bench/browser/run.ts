/**
 * The browser side of performance (issue #15): how soon the contact list is usable and how
 * long the editor's save takes, in Debian's Chromium at 4× CPU throttling and unthrottled.
 * A benchmark, not a test: it prints a Markdown table and asserts nothing.
 *
 * It builds the app (`next build` into apps/web/.next-bench-browser; BENCH_SKIP_BUILD=1
 * reuses it), seeds a fresh PGlite folder like the e2e suite (a workspace with the demo's
 * contacts and a thousand more, and a user), starts `pnpm start`, signs in once, then per
 * CPU rate loads the pages BENCH_LOADS times (median, min–max):
 *
 * - **list interactive**: from navigation start to the later of (a) the first contact row in
 *   the DOM and (b) React having hydrated the page (`html[data-hydrated]`, set by the root
 *   provider's effect, which runs after the whole tree is hydrated). From then on a click on
 *   a row or a keystroke in the search is handled;
 * - **search → list updated**: a search typed into the hydrated list until the list shows
 *   only the one matching contact (includes the search box's 250 ms debounce and the call);
 * - **save → saved**: a click on "Save changes" in the editor until "Contact saved" shows.
 *
 * Times are taken inside the page (performance.now(), a MutationObserver installed before
 * any of the page's scripts), so Playwright's own round trips are not in them.
 *
 * Usage: pnpm --filter @contacts/bench browser   (BENCH_LOADS, BENCH_BROWSER_PORT,
 *        BENCH_SKIP_BUILD, BENCH_DIST_DIR, BENCH_RATES=4,1, BENCH_TRACE=1 to print where the
 *        main thread's time goes in the unmeasured first load)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedSampleWorkspace } from "@contacts/api";
import { createDb, migrate, newId } from "@contacts/db";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { seedBulkContacts } from "../../apps/web/e2e/support/seed-bulk";

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../apps/web");
const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench-browser";
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const RATES = (process.env.BENCH_RATES ?? "4,1").split(",").map(Number);
const PORT = Number(process.env.BENCH_BROWSER_PORT ?? 25600);

/** Installed before the page's own scripts: records when each thing first happens. */
const OBSERVER = `(() => {
  const b = (window.__bench = {});
  const mark = (k) => { if (b[k] === undefined) b[k] = performance.now(); };
  const rows = () => document.querySelectorAll('[data-testid="contact-row"]');
  const check = () => {
    if (b.hydrated === undefined && document.documentElement.dataset.hydrated) mark("hydrated");
    if (b.rows === undefined && rows().length > 0) mark("rows");
    if (b.typed !== undefined && b.searched === undefined) {
      const shown = rows();
      if (shown.length === 1 && shown[0].textContent.includes(b.searchFor)) mark("searched");
    }
    if (b.clicked !== undefined && b.saved === undefined && document.body.textContent.includes("Contact saved")) mark("saved");
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-hydrated"] });
  document.addEventListener("input", (e) => { if (e.target.id === "contact-search") mark("typed"); }, true);
  document.addEventListener("click", (e) => { if (e.target.closest && e.target.closest("button")?.textContent?.includes("Save changes")) mark("clicked"); }, true);
})();`;

type Bench = Record<string, number | string | undefined>;
type Measure = "html" | "dcl" | "interactive" | "rows" | "hydrated" | "search" | "save";

async function waitForHealth(url: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`pnpm start exited early:\n${log()}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`pnpm start did not answer within 120 s:\n${log()}`);
}

async function throttled(context: BrowserContext, rate: number): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return page;
}

const bench = (page: Page) => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
async function until(page: Page, key: string, timeout = 60_000) {
  await page.waitForFunction(
    (k) => (window as unknown as { __bench: Bench }).__bench?.[k] !== undefined,
    key,
    {
      timeout,
      polling: 50,
    },
  );
}

/** Main-thread time of a Chromium trace by task kind (top-level tasks and what they run). */
function traceSummary(trace: Buffer): string {
  const events = (JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const busy = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== "X" || !main || e.pid !== main.pid || e.tid !== main.tid || !TRACED.has(e.name)) continue;
    busy.set(e.name, (busy.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  return [...busy]
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
    .join(", ");
}
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}
const TRACED = new Set([
  "RunTask",
  "EvaluateScript",
  "v8.compile",
  "v8.compileModule",
  "ParseHTML",
  "FunctionCall",
  "UpdateLayoutTree",
  "Layout",
  "Paint",
  "MajorGC",
  "MinorGC",
]);

async function listLoad(context: BrowserContext, rate: number, searchFor: string, trace = false) {
  const page = await throttled(context, rate);
  if (trace) await context.browser()!.startTracing(page, { categories: ["devtools.timeline", "v8.execute"] });
  await page.goto("/contacts", { waitUntil: "commit" });
  await until(page, "rows");
  await until(page, "hydrated");
  if (trace) {
    console.error(
      `trace of one load at ${rate}×, main thread until hydrated: ${traceSummary(await context.browser()!.stopTracing())}`,
    );
    const sizes = await page.evaluate(() => {
      const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
        (r) => r.initiatorType === "script",
      );
      return {
        html: n!.decodedBodySize,
        inlineScripts: [...document.scripts].reduce((sum, s) => sum + s.text.length, 0),
        scripts: scripts.length,
        scriptBytes: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0),
      };
    });
    const kB = (bytes: number) => Math.round(bytes / 102.4) / 10;
    console.error(
      `that load: HTML ${kB(sizes.html)} kB (inline scripts ${kB(sizes.inlineScripts)} kB), ${sizes.scripts} scripts of ${kB(sizes.scriptBytes)} kB (uncompressed)`,
    );
  }
  const b = await bench(page);
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return { html: n!.responseEnd, dcl: n!.domContentLoadedEventEnd };
  });
  await page.evaluate((s) => {
    (window as unknown as { __bench: Bench }).__bench.searchFor = s;
  }, searchFor);
  await page.locator("#contact-search").fill(searchFor);
  // A search that never shows its match is reported, not fatal: the load's other figures stand.
  const found = await until(page, "searched", 30_000).then(
    () => true,
    () => false,
  );
  if (!found) console.error(`search for ${searchFor} did not show its match within 30 s (not counted)`);
  const after = await bench(page);
  await page.close();
  const rows = b.rows as number;
  const hydrated = b.hydrated as number;
  return {
    ...nav,
    rows,
    hydrated,
    interactive: Math.max(rows, hydrated),
    search: found ? (after.searched as number) - (after.typed as number) : undefined,
  };
}

async function saveOnce(context: BrowserContext, rate: number, contactId: string, n: number) {
  const page = await throttled(context, rate);
  await page.goto(`/contacts/${contactId}`, { waitUntil: "commit" });
  await until(page, "hydrated");
  const strategy = page.getByLabel("Strategy");
  await strategy.waitFor();
  await strategy.fill(`Browser bench ${n} ${Date.now()}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await until(page, "saved");
  const b = await bench(page);
  await page.close();
  return { save: (b.saved as number) - (b.clicked as number) };
}

function summary(values: number[]) {
  if (!values.length) return "–";
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const ms = (n: number) => `${Math.round(n)}`;
  return `**${ms(median)} ms** (${ms(sorted[0]!)}–${ms(sorted.at(-1)!)})`;
}

async function main() {
  const env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" };
  if (!process.env.BENCH_SKIP_BUILD) {
    console.error(`building into apps/web/${DIST_DIR} …`);
    const build = spawnSync("npx", ["next", "build"], { cwd: WEB_DIR, env, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }

  const dataRoot = mkdtempSync(path.join(tmpdir(), "contacts-browser-bench-"));
  const dataDir = path.join(dataRoot, "pglite");
  const conn = await createDb({ dataDir });
  await migrate(conn);
  const workspaceId = newId();
  const user = {
    email: "bench@example.com",
    password: randomBytes(18).toString("base64url"),
    name: "Bench User",
  };
  await seedSampleWorkspace(conn.db, {
    workspaceId,
    slug: "bench",
    name: "Bench IR team",
    apiKey: `ck_${workspaceId}_${randomBytes(32).toString("base64url")}`,
    user,
  });
  await seedBulkContacts(conn.db, workspaceId, 1000);
  await conn.close();

  const url = `http://127.0.0.1:${PORT}`;
  let output = "";
  const server = spawn("pnpm", ["start"], {
    cwd: WEB_DIR,
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      BETTER_AUTH_URL: url,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
      RATE_LIMITS: "off",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    await waitForHealth(url, server, () => output);
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
    await context.addInitScript(OBSERVER);
    const signIn = await context.newPage();
    await signIn.goto("/sign-in");
    await signIn.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await signIn.getByLabel("Email").fill(user.email);
    await signIn.getByLabel("Password").fill(user.password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.waitForURL(/\/contacts$/);
    const href = await signIn.locator('[data-testid="contact-row"] a').first().getAttribute("href");
    const contactId = href!.split("/").pop()!;
    await signIn.close();

    const results: Record<number, Record<Measure, number[]>> = {};
    for (const rate of RATES) {
      // One unmeasured round: the server's first renders and the browser's cache.
      await listLoad(context, rate, "Bulk0001", Boolean(process.env.BENCH_TRACE));
      await saveOnce(context, rate, contactId, -1);
      const r: (typeof results)[number] = {
        html: [],
        dcl: [],
        interactive: [],
        rows: [],
        hydrated: [],
        search: [],
        save: [],
      };
      results[rate] = r;
      for (let i = 0; i < LOADS; i++) {
        const list = await listLoad(context, rate, `Bulk${String(100 + i).padStart(4, "0")}`);
        r.html.push(list.html);
        r.dcl.push(list.dcl);
        r.interactive.push(list.interactive);
        r.rows.push(list.rows);
        r.hydrated.push(list.hydrated);
        if (list.search !== undefined) r.search.push(list.search);
        r.save.push((await saveOnce(context, rate, contactId, i)).save);
        console.error(`rate ${rate}× load ${i + 1}/${LOADS}: interactive ${Math.round(list.interactive)} ms`);
      }
    }

    const head = RATES.map((rate) => (rate === 1 ? "unthrottled" : `${rate}× CPU throttling`));
    console.log(
      `\nContacts web app in Chromium (${LOADS} loads each, median and min–max), ${new Date().toISOString()}\n`,
    );
    console.log(`| measure | ${head.join(" | ")} |`);
    console.log(`| --- | ${head.map(() => "---:").join(" | ")} |`);
    const row = (label: string, key: Measure) =>
      console.log(`| ${label} | ${RATES.map((rate) => summary(results[rate]![key])).join(" | ")} |`);
    row("/contacts: HTML received (responseEnd)", "html");
    row("/contacts: DOMContentLoaded (scripts run)", "dcl");
    row("/contacts: first row in the DOM", "rows");
    row("/contacts: hydrated (html[data-hydrated])", "hydrated");
    row("/contacts: **interactive** (both)", "interactive");
    row("/contacts: search typed → list shows the match", "search");
    row("/contacts/[id]: Save clicked → “Contact saved” shown", "save");
    await context.close();
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered (0: it never did). */
  status: number;
  at: number;
}

/**
 * A real HTTP receiver on 127.0.0.1: records every request and answers what `answer` says
 * for it (a status, or "hang" to never answer).
 */
export async function startReceiver(answer: (n: number, body: string) => number | "hang" = () => 204) {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const status = answer(received.length, body);
      received.push({ headers: req.headers, body, status: status === "hang" ? 0 : status, at: Date.now() });
      if (status === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status >= 300 ? "x".repeat(5_000) : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** The bodies the receiver accepted (2xx), parsed. */
    accepted: () =>
      received.filter((r) => r.status >= 200 && r.status < 300).map((r) => JSON.parse(r.body) as WebhookBody),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export interface WebhookBody {
  type: string;
  timestamp: string;
  data: {
    id: string;
    cursor: string;
    type: string;
    contactId: string;
    version: number;
    changes: Record<string, unknown>;
  };
}

/** Polls `check` until it returns true, or fails after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000, what = "condition") {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

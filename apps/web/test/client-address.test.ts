// @vitest-environment node
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { clientAddressOfNodeRequest } from "@contacts/api/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddressOf,
  LOCAL_CLIENT,
  stampClientAddress,
  trustClientAddressHeader,
} from "@/server/client-address";

/**
 * The client's address on its way to Next.js: server.ts stamps it on every request it hands
 * over (as below), and the route handlers and actions read it back. A client that sends the
 * header itself, or X-Forwarded-For, changes nothing.
 */
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    // What server.ts does for every request it hands to Next.js.
    stampClientAddress(req, clientAddressOfNodeRequest(req));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    res.end(clientAddressOf(headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server?.close(resolve)));

const ask = (from: string, headers: Record<string, string> = {}) =>
  new Promise<string>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/sign-in", headers, localAddress: from }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end();
  });

describe("the client address handed to Next.js", () => {
  it("is read only once server.ts says it stamps it (never under next dev)", async () => {
    expect(await ask("127.0.0.9", { [CLIENT_ADDRESS_HEADER]: "203.0.113.1" })).toBe(LOCAL_CLIENT);
  });

  it("is the socket's address, whatever the client sends as the header or X-Forwarded-For", async () => {
    trustClientAddressHeader();
    expect(await ask("127.0.0.7")).toBe("127.0.0.7");
    expect(await ask("127.0.0.8", { [CLIENT_ADDRESS_HEADER]: "203.0.113.1" })).toBe("127.0.0.8");
    expect(await ask("127.0.0.8", { "x-forwarded-for": "203.0.113.2" })).toBe("127.0.0.8");
  });
});

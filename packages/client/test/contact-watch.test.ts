import type { ContactWatchEvent } from "@contacts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContactsClient, createContactsClient } from "../src";
import { type LiveServer, startLiveServer } from "../src/testing/live-server";

/**
 * contact.watch over real HTTP: server-sent events through the typed client's
 * httpSubscriptionLink, fed by the change feed.
 */

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

async function clientOf() {
  const { apiKey } = await server.workspaceWithKey();
  return createContactsClient({ url: server.url, apiKey });
}

/** Subscribes and collects events; `next(n)` waits until `n` events have arrived. */
function watch(client: ContactsClient, input: { id: string; lastEventId?: string }) {
  const events: { id: string | undefined; data: ContactWatchEvent }[] = [];
  const waiters: (() => void)[] = [];
  let failure: unknown;
  const sub = client.contact.watch.subscribe(input, {
    onData: (tracked) => {
      const { id, data } = tracked as unknown as { id: string; data: ContactWatchEvent };
      events.push({ id, data });
      for (const w of waiters.splice(0)) w();
    },
    onError: (err) => {
      failure = err;
      for (const w of waiters.splice(0)) w();
    },
  });
  const next = async (n: number, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (events.length < n && failure === undefined) {
      if (Date.now() > deadline) throw new Error(`only ${events.length} of ${n} events arrived`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    if (failure !== undefined) throw failure;
    return events;
  };
  return { events, next, stop: () => sub.unsubscribe() };
}

describe("contact.watch", () => {
  it("sends the contact as it is, then each change of it with who made it, within a second", async () => {
    const client = await clientOf();
    const ada = await client.contact.create.mutate({ firstName: "Ada" });
    const other = await client.contact.create.mutate({ firstName: "Other" });
    const w = watch(client, { id: ada.id });
    const [first] = await w.next(1);
    expect(first?.data).toMatchObject({ kind: "current", contact: { id: ada.id, version: 1 } });

    const started = performance.now();
    await client.contact.update.mutate({ id: other.id, data: { lastName: "Not watched" } });
    await client.contact.update.mutate({ id: ada.id, data: { email: "ada@example.com" } });
    const events = await w.next(2);
    const seenAfterMs = performance.now() - started;
    expect(events[1]?.data).toMatchObject({
      kind: "change",
      entry: {
        type: "contact.updated",
        version: 2,
        actor: { type: "api_key" },
        changes: { email: { from: null, to: "ada@example.com" } },
      },
      contact: { id: ada.id, version: 2, email: "ada@example.com" },
    });
    expect(seenAfterMs).toBeLessThan(5_000);
    await client.contact.delete.mutate({ id: ada.id });
    const gone = await w.next(3);
    expect(gone[2]?.data).toMatchObject({
      kind: "change",
      entry: { type: "contact.deleted" },
      contact: null,
    });
    w.stop();
  });

  it("resumes from lastEventId: a watcher that was away gets what it missed, once", async () => {
    const client = await clientOf();
    const ada = await client.contact.create.mutate({ firstName: "Ada" });
    const w = watch(client, { id: ada.id });
    const [first] = await w.next(1);
    w.stop();
    await client.contact.update.mutate({ id: ada.id, data: { lastName: "One" } });
    await client.contact.update.mutate({ id: ada.id, data: { lastName: "Two" } });
    const again = watch(client, { id: ada.id, lastEventId: first!.id! });
    const events = await again.next(2);
    expect(events.map((e) => e.data.kind === "change" && e.data.entry.version)).toEqual([2, 3]);
    await client.contact.update.mutate({ id: ada.id, data: { lastName: "Three" } });
    const more = await again.next(3);
    expect(more.map((e) => e.data.kind === "change" && e.data.entry.version)).toEqual([2, 3, 4]);
    again.stop();
  });

  it("answers a contact that is not there, or another workspace's, as not found", async () => {
    const client = await clientOf();
    const elsewhere = await (await clientOf()).contact.create.mutate({ firstName: "Elsewhere" });
    for (const id of ["no-such-contact", elsewhere.id]) {
      const w = watch(client, { id });
      await expect(w.next(1)).rejects.toMatchObject({
        data: { code: "NOT_FOUND", reason: "CONTACT_NOT_FOUND" },
      });
      w.stop();
    }
  });
});

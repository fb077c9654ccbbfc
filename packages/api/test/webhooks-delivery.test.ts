import type { WebhookEvent } from "@contacts/contracts";
import { claimDueWebhookDeliveries, type Database, schema } from "@contacts/db";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor";
import { createContact } from "../src/services/contacts/create-contact";
import { parseReceiverPolicy } from "../src/services/webhooks/receiver-address";
import {
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from "../src/services/webhooks/webhook-dispatcher";
import { createWebhookEndpoint } from "../src/services/webhooks/webhook-endpoints";
import type { Caller } from "./support/contract";
import { useHarness } from "./support/harness";
import { openSecondInstance } from "./support/second-instance";
import { type Receiver, startReceiver, waitFor } from "./support/webhook-receiver";

const h = useHarness();
/** Local receivers are allowed by name, as WEBHOOK_ALLOWED_HOSTS would. */
const policy = parseReceiverPolicy(false, "127.0.0.1");
/** The real schedule's shape in milliseconds: a fail-then-recover run takes a second. */
const FAST = [0, 50, 100, 150, 200];

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  cleanup.push(r.close);
  return r;
}

function dispatcher(db: Database, options: WebhookDispatcherOptions = {}) {
  const d = new WebhookDispatcher(db, { policy, schedule: FAST, pollMs: 20, timeoutMs: 2_000, ...options });
  cleanup.push(() => d.stop());
  return d;
}

/**
 * A workspace of its own; its endpoints (and their deliveries) go at the end of the test, so
 * the dispatchers of later tests, which serve every workspace, find nothing left over.
 */
async function setup() {
  const w = await h.workspace();
  cleanup.push(async () => {
    await h.db.delete(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.workspaceId, w.ws.id));
  });
  return w;
}

async function endpoint(
  actor: Actor,
  url: string,
  events: WebhookEvent[] = ["contact.created", "contact.updated"],
) {
  return createWebhookEndpoint(h.db, actor, { url, events, description: null }, { policy });
}

async function deliveriesOf(caller: Caller, endpointId: string) {
  return (await caller.webhook.deliveries({ endpointId, limit: 100 })).items;
}

describe("webhook delivery", () => {
  it("POSTs each committed change once, signed so the standardwebhooks library verifies it, with the feed's body", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    const { secret, endpoint: ep } = await endpoint(actor, r.url);
    const contact = await caller.contact.create({ firstName: "Ada", email: "ada@example.com" });
    await caller.contact.update({ id: contact.id, data: { lastName: "Lovelace" } });

    const d = dispatcher(h.db);
    const round = await d.runOnce();
    expect(round).toMatchObject({ fannedOut: 2, attempted: 2, delivered: 2 });
    expect(r.received).toHaveLength(2);

    const wh = new Webhook(secret);
    for (const got of r.received) {
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["user-agent"]).toMatch(/^contacts-webhooks\//);
      const headers = {
        "webhook-id": String(got.headers["webhook-id"]),
        "webhook-timestamp": String(got.headers["webhook-timestamp"]),
        "webhook-signature": String(got.headers["webhook-signature"]),
      };
      expect(() => wh.verify(got.body, headers)).not.toThrow();
      // Another secret, or a body changed on the way, does not verify.
      expect(() => new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(got.body, headers)).toThrow();
      expect(() => wh.verify(got.body.replace("contact.", "contact-"), headers)).toThrow();
    }
    const bodies = r.accepted();
    expect(bodies.map((b) => b.type)).toEqual(["contact.created", "contact.updated"]);
    // The same change as the feed lists it, and its id is the webhook-id.
    const feed = await caller.contact.changes({ limit: 10 });
    expect(bodies.map((b) => b.data)).toEqual(feed.items);
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual(feed.items.map((i) => i.id));

    // Nothing new: nothing sent again.
    expect(await d.runOnce()).toMatchObject({ fannedOut: 0, attempted: 0 });
    const listed = await deliveriesOf(caller, ep.id);
    expect(listed.map((x) => [x.status, x.attempts, x.lastStatusCode])).toEqual([
      ["delivered", 1, 204],
      ["delivered", 1, 204],
    ]);
  });

  it("sends only later changes to a new endpoint, and only the events it subscribes to", async () => {
    const { actor, caller } = await setup();
    const before = await caller.contact.create({ firstName: "Before" });
    const r = await receiver();
    await endpoint(actor, r.url, ["contact.updated"]);
    const after = await caller.contact.create({ firstName: "After" });
    await caller.contact.update({ id: before.id, data: { firstName: "Before2" } });
    await caller.contact.update({ id: after.id, data: { firstName: "After2" } });
    await dispatcher(h.db).runOnce();
    expect(r.accepted().map((b) => [b.type, b.data.contactId])).toEqual([
      ["contact.updated", before.id],
      ["contact.updated", after.id],
    ]);
  });

  it("never sends a write that rolled back", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    await endpoint(actor, r.url);
    await expect(
      h.db.transaction(async (tx) => {
        await createContact(tx as unknown as Database, actor, { firstName: "Ghost" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const d = dispatcher(h.db);
    expect(await d.runOnce()).toMatchObject({ fannedOut: 0, attempted: 0 });
    await caller.contact.create({ firstName: "Real" });
    await d.runOnce();
    expect(r.accepted().map((b) => b.data.changes.firstName)).toEqual([{ from: null, to: "Real" }]);
  });

  it("retries a failing receiver with backoff until it recovers, in order per contact, without holding up other contacts", async () => {
    const { actor, caller } = await setup();
    const a = await caller.contact.create({ firstName: "A" });
    const b = await caller.contact.create({ firstName: "B" });
    // Fails every change of A three times, accepts B at once.
    const failures = new Map<string, number>();
    const r = await receiver((_, body) => {
      const data = (JSON.parse(body) as { data: { id: string; contactId: string } }).data;
      if (data.contactId !== a.id) return 200;
      const n = failures.get(data.id) ?? 0;
      failures.set(data.id, n + 1);
      return n < 3 ? 500 : 200;
    });
    const { endpoint: ep } = await endpoint(actor, r.url);
    for (const name of ["A1", "A2", "A3"])
      await caller.contact.update({ id: a.id, data: { firstName: name } });
    await caller.contact.update({ id: b.id, data: { firstName: "B1" } });

    const d = dispatcher(h.db);
    d.start();
    await waitFor(() => r.accepted().length === 4, 20_000, "four deliveries");
    const accepted = r.accepted();
    // A's changes in version order, each after three failures; B's was not held up by A's.
    expect(accepted.filter((x) => x.data.contactId === a.id).map((x) => x.data.version)).toEqual([2, 3, 4]);
    expect(accepted[0]?.data.contactId).toBe(b.id);
    // A later change of A was never sent while an earlier one was still failing.
    const aVersionsSent = r.received
      .map((x) => JSON.parse(x.body) as { data: { contactId: string; version: number } })
      .filter((x) => x.data.contactId === a.id)
      .map((x) => x.data.version);
    expect(aVersionsSent).toEqual([2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    await waitFor(async () => (await deliveriesOf(caller, ep.id)).every((x) => x.status === "delivered"));
    const listed = await deliveriesOf(caller, ep.id);
    expect(listed.map((x) => x.attempts).sort()).toEqual([1, 4, 4, 4]);
    expect(listed.every((x) => x.lastStatusCode === 200 && x.lastError === null)).toBe(true);
    expect((await caller.webhook.get({ id: ep.id })).enabled).toBe(true);
  });

  it("counts a receiver that never answers as a failed attempt after the timeout", async () => {
    const { actor, caller } = await setup();
    const r = await receiver(() => "hang");
    const { endpoint: ep } = await endpoint(actor, r.url);
    await caller.contact.create({ firstName: "Slow" });
    const started = Date.now();
    await dispatcher(h.db, { timeoutMs: 300, schedule: [0, 60_000] }).runOnce();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const [delivery] = await deliveriesOf(caller, ep.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery?.lastError).toMatch(/No answer within/);
    expect(Date.parse(delivery?.nextAttemptAt ?? "")).toBeGreaterThan(Date.now() + 50_000);
  });

  it("disables the endpoint after the last failed attempt; enabling it retries and delivers", async () => {
    const { actor, caller } = await setup();
    let up = false;
    const r = await receiver(() => (up ? 200 : 503));
    const { endpoint: ep } = await endpoint(actor, r.url);
    const c = await caller.contact.create({ firstName: "Down" });
    const d = dispatcher(h.db, { schedule: [0, 20, 20] });
    d.start();
    await waitFor(
      async () => !(await caller.webhook.get({ id: ep.id })).enabled,
      10_000,
      "the endpoint disabled",
    );
    const disabled = await caller.webhook.get({ id: ep.id });
    expect(disabled.disabledReason).toMatch(/after 3 failed attempts.*HTTP 503/);
    const [failed] = await deliveriesOf(caller, ep.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    expect(failed?.lastError?.length).toBeLessThanOrEqual(200);
    expect(r.received).toHaveLength(3);

    // Changes made while it is disabled wait; nothing is sent to a disabled endpoint.
    await caller.contact.update({ id: c.id, data: { firstName: "Later" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.received).toHaveLength(3);
    await expectTRPCErrorCode(caller.webhook.redeliver({ deliveryId: failed?.id ?? "" }), "CONFLICT");

    up = true;
    const enabled = await caller.webhook.enable({ id: ep.id });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    await waitFor(() => r.accepted().length === 2, 10_000, "both changes delivered");
    expect(r.accepted().map((x) => x.data.version)).toEqual([1, 2]);
    // The receiver answers before the dispatcher records the answer.
    await waitFor(async () => (await deliveriesOf(caller, ep.id)).every((x) => x.status === "delivered"));
    const after = await deliveriesOf(caller, ep.id);
    expect(after.map((x) => [x.status, x.attempts])).toEqual([
      ["delivered", 1],
      ["delivered", 1],
    ]);
  });

  it("redelivers a delivered change with the same webhook-id", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    const { endpoint: ep } = await endpoint(actor, r.url);
    await caller.contact.create({ firstName: "Again" });
    const d = dispatcher(h.db);
    await d.runOnce();
    const [delivery] = await deliveriesOf(caller, ep.id);
    expect(delivery?.status).toBe("delivered");
    const queued = await caller.webhook.redeliver({ deliveryId: delivery?.id ?? "" });
    expect(queued).toMatchObject({ status: "pending", attempts: 0 });
    await d.runOnce();
    expect(r.received).toHaveLength(2);
    expect(r.received[1]?.headers["webhook-id"]).toBe(r.received[0]?.headers["webhook-id"]);
    expect((await deliveriesOf(caller, ep.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
    await expectTRPCErrorCode(caller.webhook.redeliver({ deliveryId: "no-such-delivery" }), "NOT_FOUND");
  });

  it("sends again a delivery whose sender died holding it, once its lease has run out", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    const { endpoint: ep } = await endpoint(actor, r.url);
    await caller.contact.create({ firstName: "Orphan" });
    const d = dispatcher(h.db);
    await d.fanOut();
    // A sender claims it and dies before it records anything.
    const now = new Date();
    const [claimed] = await claimDueWebhookDeliveries(h.db, {
      now,
      leaseUntil: new Date(now.getTime() + 30_000),
      limit: 10,
    });
    expect(claimed).toBeDefined();
    // Within the lease nobody else sends it.
    expect(await d.runOnce()).toMatchObject({ attempted: 0 });
    // Past it (a clock 31 s ahead), another dispatcher does.
    const later = dispatcher(h.db, { now: () => new Date(Date.now() + 31_000) });
    expect(await later.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(r.received).toHaveLength(1);
    expect((await deliveriesOf(caller, ep.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("checks the receiver's address again at every delivery, as it connects (DNS rebinding)", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    // Registered while allowed; by the time of delivery the policy (or the DNS answer) says no.
    const byAddress = await endpoint(actor, r.url);
    const byName = await createWebhookEndpoint(
      h.db,
      actor,
      { url: r.url.replace("127.0.0.1", "localhost"), events: ["contact.created"], description: null },
      { policy: parseReceiverPolicy(true, "") },
    );
    await caller.contact.create({ firstName: "Internal" });
    await dispatcher(h.db, { policy: parseReceiverPolicy(false, ""), schedule: [0, 60_000] }).runOnce();
    expect(r.received).toHaveLength(0);
    for (const ep of [byAddress.endpoint, byName.endpoint]) {
      const [delivery] = await deliveriesOf(caller, ep.id);
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
      expect(delivery?.lastError).toMatch(
        /^Refused: (127\.0\.0\.1|::1) is not a public address \(loopback\)/,
      );
    }
  });

  it("two dispatchers on one database deliver each change exactly once", async () => {
    const { actor, caller } = await setup();
    const r = await receiver();
    await endpoint(actor, r.url);
    const other = await openSecondInstance(h.conn);
    cleanup.push(other.close);
    const first = dispatcher(h.db, { pollMs: 5, batchSize: 3 });
    const second = dispatcher(other.db, { pollMs: 5, batchSize: 3 });
    first.start();
    second.start();
    const contacts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => caller.contact.create({ firstName: `C${i}` })),
    );
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        contacts.map((c) => caller.contact.update({ id: c.id, data: { lastName: `L${round}` } })),
      );
    }
    await waitFor(() => r.received.length >= 24, 20_000, "24 deliveries");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = r.received.map((x) => String(x.headers["webhook-id"]));
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    // In order per contact, whichever dispatcher sent what.
    for (const c of contacts) {
      const versions = r
        .accepted()
        .filter((x) => x.data.contactId === c.id)
        .map((x) => x.data.version);
      expect(versions).toEqual([1, 2, 3, 4]);
    }
  });
});

async function expectTRPCErrorCode(call: Promise<unknown>, code: string) {
  await expect(call).rejects.toMatchObject({ code });
}

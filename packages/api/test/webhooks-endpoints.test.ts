import { WEBHOOK_ENDPOINTS_MAX } from "@contacts/contracts";
import { schema } from "@contacts/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseReceiverPolicy, refusedAddress } from "../src/services/webhooks/receiver-address";
import { decryptWebhookSecret } from "../src/services/webhooks/webhook-secret";
import { badRequestPaths, domainCauseOf, expectTRPCError } from "./support/contract";
import { useHarness } from "./support/harness";

const h = useHarness();
// Public addresses that are never called (this machine has no DNS): registration only checks them.
const PUBLIC_URL = "https://93.184.216.34/hooks";

describe("webhook endpoints", () => {
  it("creates an endpoint with a secret shown once, lists, gets, updates and deletes it", async () => {
    const { caller } = await h.workspace();
    const created = await caller.webhook.create({
      url: `  ${PUBLIC_URL}  `,
      events: ["contact.updated", "contact.created", "contact.updated"],
      description: "CRM sync",
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), "base64")).toHaveLength(32);
    expect(created.endpoint).toMatchObject({
      url: PUBLIC_URL,
      events: ["contact.updated", "contact.created"],
      description: "CRM sync",
      enabled: true,
      disabledAt: null,
      disabledReason: null,
    });
    const id = created.endpoint.id;
    const list = await caller.webhook.list();
    expect(list.items).toEqual([created.endpoint]);
    expect(JSON.stringify(list)).not.toContain(created.secret);

    // Stored encrypted: the row holds no trace of the secret, and decrypts to it.
    const [row] = await h.db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, id));
    expect(row?.secretCiphertext).not.toContain(created.secret.slice(6, 20));
    expect(decryptWebhookSecret(row?.secretCiphertext ?? "")).toBe(created.secret);

    const updated = await caller.webhook.update({ id, events: ["contact.created"], description: null });
    expect(updated).toMatchObject({ url: PUBLIC_URL, events: ["contact.created"], description: null });

    const rotated = await caller.webhook.rotateSecret({ id });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.secret).toMatch(/^whsec_/);

    const disabled = await caller.webhook.disable({ id });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "Disabled by test key" });
    expect(await caller.webhook.enable({ id })).toMatchObject({ enabled: true, disabledReason: null });

    expect(await caller.webhook.delete({ id })).toEqual({ id });
    expect(domainCauseOf(await expectTRPCError(caller.webhook.get({ id }), "NOT_FOUND")).reason).toBe(
      "WEBHOOK_NOT_FOUND",
    );
    await expectTRPCError(caller.webhook.delete({ id }), "NOT_FOUND");
    expect((await caller.webhook.list()).items).toEqual([]);
  });

  it("keeps each workspace's endpoints and deliveries to itself", async () => {
    const a = await h.workspace();
    const b = await h.workspace();
    const { endpoint } = await a.caller.webhook.create({ url: PUBLIC_URL, events: ["contact.created"] });
    await expectTRPCError(b.caller.webhook.get({ id: endpoint.id }), "NOT_FOUND");
    await expectTRPCError(b.caller.webhook.update({ id: endpoint.id, url: PUBLIC_URL }), "NOT_FOUND");
    await expectTRPCError(b.caller.webhook.delete({ id: endpoint.id }), "NOT_FOUND");
    await expectTRPCError(b.caller.webhook.enable({ id: endpoint.id }), "NOT_FOUND");
    await expectTRPCError(b.caller.webhook.rotateSecret({ id: endpoint.id }), "NOT_FOUND");
    await expectTRPCError(b.caller.webhook.deliveries({ endpointId: endpoint.id, limit: 10 }), "NOT_FOUND");
    expect((await b.caller.webhook.list()).items).toEqual([]);
  });

  it("answers bad input with 400 at the field, writing nothing", async () => {
    const { caller } = await h.workspace();
    const cases: [unknown, (string | number)[]][] = [
      [{ url: "not a url", events: ["contact.created"] }, ["url"]],
      [{ url: "ftp://93.184.216.34/x", events: ["contact.created"] }, ["url"]],
      [{ url: "https://user:pw@93.184.216.34/x", events: ["contact.created"] }, ["url"]],
      [{ url: `https://93.184.216.34/${"a".repeat(2100)}`, events: ["contact.created"] }, ["url"]],
      [{ url: PUBLIC_URL, events: [] }, ["events"]],
      [{ url: PUBLIC_URL, events: ["contact.exploded"] }, ["events", 0]],
      [{ url: PUBLIC_URL }, ["events"]],
      [{ url: PUBLIC_URL, events: ["contact.created"], secret: "mine" }, ["secret"]],
      [{ url: PUBLIC_URL, events: ["contact.created"], description: "d".repeat(501) }, ["description"]],
      [{ url: 42, events: ["contact.created"] }, ["url"]],
    ];
    for (const [input, path] of cases) {
      expect(
        await badRequestPaths(caller.webhook.create(input as never)),
        JSON.stringify(input),
      ).toContainEqual(path);
    }
    await expect(caller.webhook.deliveries({ endpointId: "x", limit: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      caller.webhook.deliveries({ endpointId: "x", limit: 10, cursor: "not-a-cursor" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await caller.webhook.list()).items).toEqual([]);
  });

  it("refuses internal receivers at registration (SSRF), naming the url", async () => {
    const { caller } = await h.workspace();
    const internal = [
      "http://127.0.0.1:8080/hooks",
      "http://10.1.2.3/hooks",
      "http://192.168.0.10/hooks",
      "http://172.16.5.4/hooks",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:3000/hooks",
      "http://[fd00::1]/hooks",
      "http://[::ffff:127.0.0.1]/hooks",
      "http://0.0.0.0/hooks",
      "http://100.64.0.1/hooks",
      "http://224.0.0.1/hooks",
      "http://localhost:3000/hooks",
    ];
    for (const url of internal) {
      const error = await expectTRPCError(
        caller.webhook.create({ url, events: ["contact.created"] }),
        "BAD_REQUEST",
      );
      expect(domainCauseOf(error).reason, url).toBe("WEBHOOK_URL_REFUSED");
      expect(await badRequestPaths(caller.webhook.create({ url, events: ["contact.created"] }))).toEqual([
        ["url"],
      ]);
    }
    const { endpoint } = await caller.webhook.create({ url: PUBLIC_URL, events: ["contact.created"] });
    await expectTRPCError(
      caller.webhook.update({ id: endpoint.id, url: "http://10.0.0.1/x" }),
      "BAD_REQUEST",
    );
    expect((await caller.webhook.list()).items).toHaveLength(1);
  });

  it("allows non-public receivers only as configured", () => {
    const strict = parseReceiverPolicy(false, "");
    expect(refusedAddress("93.184.216.34", strict)).toBeNull();
    expect(refusedAddress("2606:2800:220:1:248:1893:25c8:1946", strict)).toBeNull();
    expect(refusedAddress("127.0.0.1", strict)).toMatch(/loopback/);
    expect(refusedAddress("::ffff:10.0.0.1", strict)).toMatch(/private/);
    expect(refusedAddress("64:ff9b::a00:1", strict)).not.toBeNull();
    const ranges = parseReceiverPolicy(false, "10.1.0.0/16, hooks.internal, 127.0.0.1");
    expect(refusedAddress("10.1.2.3", ranges)).toBeNull();
    expect(refusedAddress("10.2.0.1", ranges)).toMatch(/private/);
    expect(refusedAddress("127.0.0.1", ranges)).toBeNull();
    expect(ranges.hosts.has("hooks.internal")).toBe(true);
    expect(refusedAddress("169.254.169.254", parseReceiverPolicy(true, ""))).toBeNull();
  });

  it(`allows at most ${WEBHOOK_ENDPOINTS_MAX} endpoints per workspace`, async () => {
    const { caller } = await h.workspace();
    for (let i = 0; i < WEBHOOK_ENDPOINTS_MAX; i++) {
      await caller.webhook.create({ url: `${PUBLIC_URL}/${i}`, events: ["contact.created"] });
    }
    const error = await expectTRPCError(
      caller.webhook.create({ url: PUBLIC_URL, events: ["contact.created"] }),
      "CONFLICT",
    );
    expect(domainCauseOf(error).reason).toBe("WEBHOOK_LIMIT_REACHED");
    expect((await caller.webhook.list()).items).toHaveLength(WEBHOOK_ENDPOINTS_MAX);
  });
});

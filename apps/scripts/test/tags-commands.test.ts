import { describe, expect, it } from "vitest";
import { runCommand, useApi } from "./support/harness";

/** `tags rename` and `tags merge`, through the API so history records them. */

const api = useApi();

describe("tags rename", () => {
  it("renames a tag case-insensitively on every contact carrying it, recorded in history", async () => {
    const ws = await api.workspace();
    const a = await ws.client.contact.create.mutate({ firstName: "A", tags: ["esg", "VIP"] });
    const b = await ws.client.contact.create.mutate({ firstName: "B", tags: ["vip", "Tier 1"] });
    const c = await ws.client.contact.create.mutate({ firstName: "C", tags: ["other"] });

    const dry = await runCommand(["tags", "rename", "vip", "Tier 1", "--dry-run"], ws.env);
    expect(dry.stdout).toContain("Dry run: would rename");
    expect((await ws.client.contact.get.query({ id: a.id })).version).toBe(1);

    const result = await runCommand(["tags", "rename", "vip", "Tier 1"], ws.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Renamed "vip" to "Tier 1" on 2 contacts');
    expect((await ws.client.contact.get.query({ id: a.id })).tags).toEqual(["esg", "Tier 1"]);
    // B had both: the renamed tag takes the first place and appears once.
    expect((await ws.client.contact.get.query({ id: b.id })).tags).toEqual(["Tier 1"]);
    expect((await ws.client.contact.get.query({ id: c.id })).version).toBe(1);
    const history = await ws.client.contact.history.query({ id: a.id });
    expect(history.items[0]).toMatchObject({
      actor: { type: "api_key", name: `${ws.keyName} (tags rename)` },
      changes: { tags: { from: ["esg", "VIP"], to: ["esg", "Tier 1"] } },
    });
  });

  it("answers usage errors for bad arguments", async () => {
    const ws = await api.workspace();
    const one = await runCommand(["tags", "rename", "only-one"], ws.env);
    expect(one.code).toBe(2);
    const long = await runCommand(["tags", "rename", "a", "x".repeat(65)], ws.env);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("<to>: At most 64 characters");
  });
});

describe("tags merge", () => {
  it("merges several tags into one, once per contact", async () => {
    const ws = await api.workspace();
    const a = await ws.client.contact.create.mutate({ firstName: "A", tags: ["x", "investor", "Investors"] });
    const b = await ws.client.contact.create.mutate({ firstName: "B", tags: ["investors"] });
    const c = await ws.client.contact.create.mutate({ firstName: "C", tags: ["lp"] });
    const result = await runCommand(
      ["tags", "merge", "investor", "investors", "lp", "--into", "Investor"],
      ws.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("on 3 contacts");
    expect((await ws.client.contact.get.query({ id: a.id })).tags).toEqual(["x", "Investor"]);
    expect((await ws.client.contact.get.query({ id: b.id })).tags).toEqual(["Investor"]);
    expect((await ws.client.contact.get.query({ id: c.id })).tags).toEqual(["Investor"]);
    const history = await ws.client.contact.history.query({ id: c.id });
    expect(history.items[0]?.actor.name).toBe(`${ws.keyName} (tags merge)`);

    const noInto = await runCommand(["tags", "merge", "a", "b"], ws.env);
    expect(noInto.code).toBe(2);
    expect(noInto.stderr).toContain("Missing --into <tag>");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  CompanyName,
  Connections,
  CreateContactRequest,
  contactFieldSchemas,
  dedupeTags,
  Email,
  ExternalId,
  ExternalRefs,
  JobTitle,
  LanguageCode,
  LinkedInUrl,
  Namespace,
  normalizeTag,
  PersonName,
  Phone,
  Strategy,
  Tag,
  Tags,
  toErrorIssues,
  UpdateContactInput,
  UpdateContactRequest,
} from "../src";
import * as arb from "./support/arbitraries";
import { expectReadable } from "./support/parse";

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new Error(
      `rejected ${JSON.stringify(input)}: ${JSON.stringify(toErrorIssues(result.error.issues))}`,
    );
  }
  return result.data;
}

/** Normalizing is idempotent, and what is stored survives JSON (the wire has no transformer). */
function expectStable(schema: z.ZodType, input: unknown): void {
  const once = parse(schema, input);
  expect(parse(schema, once)).toStrictEqual(once);
  const wire = JSON.parse(JSON.stringify(once));
  expect(wire).toStrictEqual(once);
  expect(parse(schema, wire)).toStrictEqual(once);
}

const sampleInput = <T>(sample: fc.Arbitrary<arb.Sample<T>>) => sample.map((s) => s.input);

const fieldSchemas: [string, z.ZodType, fc.Arbitrary<unknown>][] = [
  ["PersonName", PersonName, sampleInput(arb.personName)],
  ["Email", Email, sampleInput(arb.email)],
  ["Phone", Phone, sampleInput(arb.phone)],
  ["LinkedInUrl", LinkedInUrl, sampleInput(arb.linkedInUrl)],
  ["LanguageCode", LanguageCode, sampleInput(arb.languageCode)],
  ["Strategy", Strategy, sampleInput(arb.strategy)],
  ["JobTitle", JobTitle, sampleInput(arb.jobTitle)],
  ["CompanyName", CompanyName, sampleInput(arb.trimmedText(1, 200))],
  ["Tag", Tag, arb.tag],
  ["Tags", Tags, arb.tags],
  ["Connections", Connections, arb.connections],
  ["Namespace", Namespace, arb.namespace],
  ["ExternalId", ExternalId, arb.externalId],
  ["ExternalRefs", ExternalRefs, arb.externalRefs],
  ["profilePictureId", contactFieldSchemas.profilePictureId, arb.profilePictureId],
];

describe("normalizing twice equals normalizing once, and survives a JSON round trip", () => {
  it.each(fieldSchemas)("%s", (_name, schema, values) => {
    fc.assert(fc.property(values, (value) => expectStable(schema, value)));
  });

  it("whole UpdateContactRequest bodies", () => {
    fc.assert(fc.property(arb.updateContactRequest, (body) => expectStable(UpdateContactRequest, body)));
  });

  it("whole CreateContactRequest bodies", () => {
    fc.assert(
      fc.property(arb.updateContactRequest, arb.personName, (body, name) =>
        expectStable(CreateContactRequest, { ...body, lastName: name.input }),
      ),
    );
  });
});

describe("stored values (docs/api.md §5)", () => {
  const stores = (schema: z.ZodType, samples: fc.Arbitrary<arb.Sample>) =>
    fc.assert(
      fc.property(samples, ({ input, stored }) => {
        expect(parse(schema, input)).toBe(stored);
      }),
    );

  it("names are stored trimmed", () => stores(PersonName, arb.personName));
  it("emails are stored trimmed and lower-cased", () => stores(Email, arb.email));
  it("phones are stored as E.164 however they are written", () => stores(Phone, arb.phone));
  it("LinkedIn URLs are stored canonical", () => stores(LinkedInUrl, arb.linkedInUrl));
  it("language codes are stored lower case", () => stores(LanguageCode, arb.languageCode));
  it("strategies are stored trimmed", () => stores(Strategy, arb.strategy));

  it("tags: normalized, one per case-insensitive spelling, first spelling and order kept", () => {
    fc.assert(
      fc.property(arb.tags, (input) => {
        const stored = parse(Tags, input);
        const trimmed = input.map(normalizeTag);
        const keys = stored.map((t) => t.toLowerCase());
        expect(new Set(keys).size).toBe(stored.length);
        expect(new Set(keys)).toEqual(new Set(trimmed.map((t) => t.toLowerCase())));
        // Each stored tag is the first spelling of its key, and they come in first-seen order.
        const firstIndexes = stored.map((t) => trimmed.findIndex((s) => s.toLowerCase() === t.toLowerCase()));
        expect(firstIndexes.map((index) => trimmed[index])).toEqual(stored);
        expect(firstIndexes).toEqual([...firstIndexes].sort((a, b) => a - b));
        expect(dedupeTags(stored)).toEqual(stored);
      }),
    );
  });

  it("connections: exactly one primary, every company once, order kept", () => {
    fc.assert(
      fc.property(arb.connections, (input) => {
        const stored = parse(Connections, input);
        expect(stored.map((c) => c.company.id)).toEqual(
          input.map((c) => (c as { company: { id: string } }).company.id),
        );
        if (stored.length > 0) expect(stored.filter((c) => c.primary)).toHaveLength(1);
        for (const c of stored) expect(c.jobTitle === null || c.jobTitle === c.jobTitle.trim()).toBe(true);
      }),
    );
  });
});

describe("an update body keeps exactly the keys it was sent (omitted ≠ null)", () => {
  it("same keys in, same keys out; blanks and null become null", () => {
    fc.assert(
      fc.property(arb.updateContactRequest, (body) => {
        const out = parse(UpdateContactRequest, body);
        expect(Object.keys(out).sort()).toEqual(Object.keys(body).sort());
        for (const [key, value] of Object.entries(body)) {
          const cleared = value === null || (typeof value === "string" && value.trim() === "");
          expect((out as Record<string, unknown>)[key] === null).toBe(cleared);
        }
      }),
    );
  });

  it("create and update store the same values (one set of rules)", () => {
    fc.assert(
      fc.property(arb.updateContactRequest, arb.email, (body, address) => {
        const withIdentity = { ...body, email: address.input };
        expect(parse(CreateContactRequest, withIdentity)).toStrictEqual(
          parse(UpdateContactRequest, withIdentity),
        );
      }),
    );
  });
});

describe("bad input never throws: it is rejected with issues inside the field", () => {
  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: "binary", minLength: 190, maxLength: 400 }),
  );

  it.each(Object.keys(contactFieldSchemas))("%s", (field) => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const result = UpdateContactInput.safeParse({ id: "ct_1", data: { [field]: value } });
        if (result.success) {
          expectStable(UpdateContactRequest, { [field]: value });
          return;
        }
        const issues = toErrorIssues(result.error.issues);
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) {
          expect(issue.path.slice(0, 2)).toEqual(["data", field]);
          expectReadable(issue.message);
        }
      }),
    );
  });
});

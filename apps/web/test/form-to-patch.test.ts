import { type Contact, UpdateContactRequest } from "@contacts/contracts";
import { describe, expect, it } from "vitest";
import { changedFields, formToCreate, formToPatch } from "@/features/contacts/form-to-patch";
import { contactToForm, emptyContactForm } from "@/features/contacts/form-values";

const contact: Contact = {
  id: "c1",
  firstName: "Astrid",
  lastName: "Lindqvist",
  email: "astrid@nordic.example",
  phone: "+46701234567",
  linkedInUrl: "https://www.linkedin.com/in/astrid",
  primaryLanguage: "sv",
  profilePictureId: 42,
  strategy: "Long only",
  blocked: null,
  tags: ["Tier 1", "Nordics"],
  connections: [
    { company: { id: "co1", name: "Nordic Capital" }, jobTitle: "PM", primary: true },
    { company: { id: "co2", name: "Fjord AM" }, jobTitle: null, primary: false },
  ],
  externalRefs: [{ namespace: "salesforce", id: "0035g" }],
  version: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
};

const initial = contactToForm(contact);
const edit = (change: Partial<ReturnType<typeof contactToForm>>) =>
  formToPatch(initial, { ...initial, ...change });

describe("formToPatch", () => {
  it("sends nothing when nothing changed", () => {
    expect(formToPatch(initial, contactToForm(contact))).toEqual({});
    expect(changedFields(initial, initial)).toEqual([]);
  });

  it("sends only the text field that changed, as typed", () => {
    expect(edit({ firstName: "Greta" })).toEqual({ firstName: "Greta" });
    expect(edit({ phone: "+46 70 765 43 21" })).toEqual({ phone: "+46 70 765 43 21" });
    expect(edit({ strategy: "Line one\nLine two" })).toEqual({ strategy: "Line one\nLine two" });
  });

  it("ignores edits that only add surrounding whitespace (the server trims them anyway)", () => {
    expect(edit({ firstName: "  Astrid " })).toEqual({});
  });

  it("sends null for every kind of field the user empties", () => {
    expect(edit({ email: "" })).toEqual({ email: null });
    expect(edit({ lastName: "   " })).toEqual({ lastName: null });
    expect(edit({ primaryLanguage: "" })).toEqual({ primaryLanguage: null });
    expect(edit({ profilePictureId: "" })).toEqual({ profilePictureId: null });
    expect(edit({ tags: [] })).toEqual({ tags: null });
    expect(edit({ connections: [] })).toEqual({ connections: null });
    expect(edit({ externalRefs: [] })).toEqual({ externalRefs: null });
  });

  it("sets a field that was empty", () => {
    const bare = contactToForm({ ...contact, phone: null, tags: [], profilePictureId: null });
    expect(formToPatch(bare, { ...bare, phone: "+4670" })).toEqual({ phone: "+4670" });
    expect(formToPatch(bare, { ...bare, tags: ["New"] })).toEqual({ tags: ["New"] });
    expect(formToPatch(bare, { ...bare, profilePictureId: "0" })).toEqual({ profilePictureId: 0 });
  });

  it("sends profilePictureId as a number, and anything not a number as typed for the server to refuse", () => {
    expect(edit({ profilePictureId: "4711" })).toEqual({ profilePictureId: 4711 });
    expect(edit({ profilePictureId: "-7" })).toEqual({ profilePictureId: -7 });
    expect(edit({ profilePictureId: " 99 " })).toEqual({ profilePictureId: 99 });
    // Never NaN (JSON null would clear the field silently).
    expect(edit({ profilePictureId: "abc" })).toEqual({ profilePictureId: "abc" });
    const parsed = UpdateContactRequest.safeParse(edit({ profilePictureId: "abc" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["profilePictureId"]);
  });

  it("tells never-set from false for blocked", () => {
    expect(edit({ blocked: true })).toEqual({ blocked: true });
    expect(edit({ blocked: false })).toEqual({ blocked: false });
    expect(formToPatch({ ...initial, blocked: true }, { ...initial, blocked: true })).toEqual({});
  });

  it("replaces lists whole when an element, the order or a flag changes", () => {
    expect(edit({ tags: ["Nordics", "Tier 1"] })).toEqual({ tags: ["Nordics", "Tier 1"] });
    expect(edit({ tags: [...initial.tags, "ESG"] })).toEqual({ tags: ["Tier 1", "Nordics", "ESG"] });
    const swapped = initial.connections.map((c) => ({ ...c, primary: !c.primary }));
    expect(edit({ connections: swapped })).toEqual({
      connections: [
        { company: { kind: "existing", id: "co1" }, jobTitle: "PM", primary: false },
        { company: { kind: "existing", id: "co2" }, jobTitle: null, primary: true },
      ],
    });
  });

  it("sends connections in the wire shape, job titles trimmed and empty ones as null", () => {
    const connections = [
      { ...initial.connections[0]!, jobTitle: "  CIO " },
      { ...initial.connections[1]!, jobTitle: "" },
    ];
    expect(edit({ connections }).connections).toEqual([
      { company: { kind: "existing", id: "co1" }, jobTitle: "CIO", primary: true },
      { company: { kind: "existing", id: "co2" }, jobTitle: null, primary: false },
    ]);
    // A job title edit that only adds spaces is no change.
    expect(
      edit({ connections: [{ ...initial.connections[0]!, jobTitle: " PM " }, initial.connections[1]!] }),
    ).toEqual({});
  });

  it("sends external references whole, including a row being typed, for the server to judge", () => {
    expect(edit({ externalRefs: [...initial.externalRefs, { namespace: "HubSpot", id: "5102" }] })).toEqual({
      externalRefs: [
        { namespace: "salesforce", id: "0035g" },
        { namespace: "HubSpot", id: "5102" },
      ],
    });
    expect(edit({ externalRefs: [{ namespace: "salesforce", id: "0035G" }] })).toEqual({
      externalRefs: [{ namespace: "salesforce", id: "0035G" }],
    });
  });

  it("combines several changes and names them", () => {
    const current = { ...initial, email: "", tags: ["ESG"], blocked: true };
    expect(formToPatch(initial, current)).toEqual({ email: null, tags: ["ESG"], blocked: true });
    expect(changedFields(initial, current).sort()).toEqual(["blocked", "email", "tags"]);
  });

  it("produces patches the contract accepts", () => {
    const patch = edit({
      firstName: "Greta",
      email: "",
      primaryLanguage: "NO",
      tags: ["A", "a"],
      connections: [{ companyId: "co9", companyName: "X", jobTitle: "", primary: true }],
    });
    const parsed = UpdateContactRequest.parse(patch);
    expect(parsed).toEqual({
      firstName: "Greta",
      email: null,
      primaryLanguage: "no",
      tags: ["A"],
      connections: [{ company: { kind: "existing", id: "co9" }, jobTitle: null, primary: true }],
    });
  });
});

describe("formToCreate", () => {
  it("sends only the fields filled in", () => {
    expect(formToCreate(emptyContactForm())).toEqual({});
    expect(formToCreate({ ...emptyContactForm(), firstName: "Ada", email: " ", tags: ["X"] })).toEqual({
      firstName: "Ada",
      tags: ["X"],
    });
  });

  it("keeps an explicit blocked: false", () => {
    expect(formToCreate({ ...emptyContactForm(), lastName: "L", blocked: false })).toEqual({
      lastName: "L",
      blocked: false,
    });
  });
});

describe("contactToForm", () => {
  it("shows nulls as empty inputs and keeps list order", () => {
    const form = contactToForm({ ...contact, phone: null, profilePictureId: null, strategy: null });
    expect(form.phone).toBe("");
    expect(form.profilePictureId).toBe("");
    expect(form.strategy).toBe("");
    expect(form.tags).toEqual(["Tier 1", "Nordics"]);
    expect(form.connections.map((c) => c.companyName)).toEqual(["Nordic Capital", "Fjord AM"]);
  });
});

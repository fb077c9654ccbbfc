import { connectionsFromExport, type ErrorIssue, itemKey, type RowItem } from "@contacts/contracts";

/** Keys of a JSONL line that are not request fields (an export's, and the upsert key). */
const NOT_DATA = new Set(["id", "version", "createdAt", "updatedAt", "externalId"]);

/**
 * A JSONL line as a `contact.bulkUpsert` item: an object of request fields (a key present
 * with null clears, an absent key is left as is), plus an export's `id` and `version` (the
 * row updates that contact, expecting that version) or `externalId` (upsert by the
 * namespace chosen for the import). Values are left for the contract to judge.
 */
export function jsonLineToItem(text: string, namespace: string | undefined): RowItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: [], message: "Not valid JSON" }] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ path: [], message: "Must be a JSON object" }] };
  }
  const record = value as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (!NOT_DATA.has(key)) data[key] = key === "connections" ? connectionsFromExport(v) : v;
  }
  const present = (v: unknown) => v !== undefined && v !== null && v !== "";
  if (present(record.id)) {
    const issues: ErrorIssue[] = [];
    if (typeof record.id !== "string") issues.push({ path: ["id"], message: "Must be a string" });
    if (present(record.version) && !Number.isInteger(record.version)) {
      issues.push({ path: ["version"], message: "Must be a whole number" });
    }
    if (issues.length) return { ok: false, issues };
    const item = {
      id: record.id as string,
      data,
      ...(present(record.version) ? { expectedVersion: record.version as number } : {}),
    };
    return { ok: true, item, key: itemKey(item) };
  }
  if (namespace !== undefined) {
    if (!present(record.externalId)) {
      return {
        ok: false,
        issues: [{ path: ["externalId"], message: `Required when upserting by ${namespace}` }],
      };
    }
    const item = { ref: { namespace, id: String(record.externalId) }, data };
    return { ok: true, item, key: itemKey(item) };
  }
  const item = { data };
  return { ok: true, item, key: itemKey(item) };
}

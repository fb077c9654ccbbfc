"use client";

import type { TagCount } from "@contacts/contracts";
import { type FormEvent, useState } from "react";
import { LazyConfirmDialog } from "@/components/confirm-button";
import { FieldError } from "@/components/field-error";
import { toast } from "@/components/toast";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";

/** tag.list's ceiling: a workspace's whole vocabulary, in one answer. */
const ALL_TAGS = 1000;

const contactsText = (n: number) => `${n.toLocaleString("en")} contact${n === 1 ? "" : "s"}`;
const quoted = (names: readonly string[]) => names.map((n) => `“${n}”`).join(", ");

/** A rename or merge the user asked for, with what a dry run says it changes. */
type Pending =
  | { kind: "rename"; from: string; to: string; changed: number }
  | { kind: "merge"; from: string[]; into: string; changed: number };

/**
 * The workspace's tags with their contact counts: rename one, or select several and merge
 * them into one. Each asks first, saying how many contacts change (tag.rename/merge with
 * dryRun), then reports what it did. The new name is checked with the contract's Tag schema,
 * the server's own rule.
 */
export function TagsPage() {
  const utils = trpc.useUtils();
  // A read-only role sees the vocabulary; the server refuses its renames regardless.
  const canWrite = useCan("contacts:write");
  const tags = trpc.tag.list.useQuery({ limit: ALL_TAGS });
  const rename = trpc.tag.rename.useMutation();
  const merge = trpc.tag.merge.useMutation();
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [into, setInto] = useState("");
  const [nameError, setNameError] = useState<string[]>([]);
  const [intoError, setIntoError] = useState<string[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [summary, setSummary] = useState("");
  const busy = rename.isPending || merge.isPending;

  const items = tags.data?.items ?? [];
  const key = filter.trim().toLowerCase();
  const shown = key ? items.filter((t) => t.name.toLowerCase().includes(key)) : items;

  function toggle(tag: TagCount, on: boolean) {
    const next = on ? [...selected, tag.name] : selected.filter((n) => n !== tag.name);
    setSelected(next);
    // The most used of the selected tags is the likely survivor; the user may type another.
    const first = items.filter((t) => next.includes(t.name))[0];
    if (first && (into === "" || !next.includes(into))) setInto(first.name);
    if (next.length === 0) setInto("");
  }

  /** The new name as the contract normalizes it, or its messages (the server's own rule). */
  async function checkName(value: string): Promise<{ name: string } | { errors: string[] }> {
    // The schema (zod) loads on the first rename or merge, not with the page.
    const { Tag } = await import("@contacts/contracts/fields/tags");
    const parsed = Tag.safeParse(value);
    return parsed.success ? { name: parsed.data } : { errors: parsed.error.issues.map((i) => i.message) };
  }

  async function askRename(e: FormEvent, from: string) {
    e.preventDefault();
    const checked = await checkName(newName);
    if ("errors" in checked) return setNameError(checked.errors);
    setNameError([]);
    try {
      const { changed } = await rename.mutateAsync({ from, to: checked.name, dryRun: true });
      setPending({ kind: "rename", from, to: checked.name, changed });
    } catch (err) {
      setNameError(errorData(err).issues?.map((i) => i.message) ?? [errorMessage(err)]);
    }
  }

  async function askMerge(e: FormEvent) {
    e.preventDefault();
    const checked = await checkName(into);
    if ("errors" in checked) return setIntoError(checked.errors);
    setIntoError([]);
    try {
      const { changed } = await merge.mutateAsync({ from: selected, into: checked.name, dryRun: true });
      setPending({ kind: "merge", from: selected, into: checked.name, changed });
    } catch (err) {
      setIntoError(errorData(err).issues?.map((i) => i.message) ?? [errorMessage(err)]);
    }
  }

  async function apply(p: Pending) {
    try {
      const { changed } =
        p.kind === "rename"
          ? await rename.mutateAsync({ from: p.from, to: p.to })
          : await merge.mutateAsync({ from: p.from, into: p.into });
      const done =
        p.kind === "rename"
          ? `Renamed “${p.from}” to “${p.to}” on ${contactsText(changed)}.`
          : `Merged ${quoted(p.from)} into “${p.into}” on ${contactsText(changed)}.`;
      setSummary(done);
      toast.success(done);
      setRenaming(null);
      setSelected([]);
      setInto("");
    } catch (err) {
      const failed = `Nothing was finished: ${errorMessage(err)}`;
      setSummary(failed);
      toast.error(failed);
    }
    setPending(null);
    // The tags and every contact view may show the old tags.
    void utils.tag.invalidate();
    void utils.contact.invalidate();
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Tags</h1>
      <p className="text-sm text-slate-700">
        Every tag on the workspace's contacts, most used first. Renaming or merging changes each contact
        carrying the tag, and each change is in that contact's history.
      </p>
      {!canWrite && <ReadOnlyNote />}
      <p role="status" className="text-sm font-medium text-slate-900 empty:hidden">
        {summary}
      </p>

      {canWrite && selected.length >= 1 && (
        <form onSubmit={askMerge} noValidate className="card space-y-3" aria-label="Merge tags">
          <p className="text-sm">
            {selected.length === 1
              ? `Selected ${quoted(selected)}: select another tag to merge them.`
              : `Merge ${selected.length} tags: ${quoted(selected)}.`}
          </p>
          <div className="flex flex-wrap items-start gap-3">
            <div className="min-w-56 flex-1">
              <label htmlFor="merge-into" className="label">
                Merge into
              </label>
              <input
                id="merge-into"
                className="input"
                value={into}
                aria-invalid={intoError.length > 0 || undefined}
                aria-describedby="merge-into-error"
                onChange={(e) => setInto(e.target.value)}
              />
              <FieldError id="merge-into-error" messages={intoError} />
            </div>
            <button type="submit" className="btn-primary mt-6" disabled={selected.length < 2 || busy}>
              Merge…
            </button>
            <button type="button" className="btn-secondary mt-6" onClick={() => toggleAllOff()}>
              Clear selection
            </button>
          </div>
        </form>
      )}

      <div>
        <label htmlFor="tag-filter" className="label">
          Filter tags
        </label>
        <input
          id="tag-filter"
          type="search"
          className="input max-w-md"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>

      {tags.isPending && <p className="text-sm text-slate-600">Loading tags…</p>}
      {tags.isError && (
        <p className="card text-red-700">Tags could not be loaded: {errorMessage(tags.error)}</p>
      )}
      {tags.isSuccess && shown.length === 0 && (
        <p className="card">
          {items.length === 0 ? "No contact has a tag yet." : "No tag matches this filter."}
        </p>
      )}
      {shown.length > 0 && (
        <section aria-label="Tags" className="card overflow-x-auto p-0 sm:p-0">
          <table className="w-full text-sm">
            <caption className="sr-only">
              {items.length} tags{items.length === ALL_TAGS ? " (the most used)" : ""}
            </caption>
            <thead className="border-b border-slate-200 text-left text-slate-700">
              <tr>
                {canWrite && (
                  <th scope="col" className="w-10 px-3 py-2">
                    <span className="sr-only">Select</span>
                  </th>
                )}
                <th scope="col" className="px-3 py-2">
                  Tag
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Contacts
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((tag) => (
                <tr key={tag.name} className="border-b border-slate-100 last:border-0" data-testid="tag-row">
                  {canWrite && (
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        className="size-5"
                        aria-label={`Select ${tag.name}`}
                        checked={selected.includes(tag.name)}
                        onChange={(e) => toggle(tag, e.target.checked)}
                      />
                    </td>
                  )}
                  <td className="px-3 py-2 break-all">
                    {renaming === tag.name ? (
                      <form
                        onSubmit={(e) => askRename(e, tag.name)}
                        noValidate
                        className="flex flex-wrap items-start gap-2"
                        aria-label={`Rename ${tag.name}`}
                      >
                        <div className="min-w-40 flex-1">
                          <label htmlFor="rename-to" className="sr-only">
                            New name for {tag.name}
                          </label>
                          <input
                            id="rename-to"
                            className="input"
                            value={newName}
                            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this tag.
                            autoFocus
                            aria-invalid={nameError.length > 0 || undefined}
                            aria-describedby="rename-to-error"
                            onChange={(e) => setNewName(e.target.value)}
                          />
                          <FieldError id="rename-to-error" messages={nameError} />
                        </div>
                        <button type="submit" className="btn-primary" disabled={busy}>
                          Rename…
                        </button>
                        <button
                          type="button"
                          className="btn-secondary"
                          onClick={() => {
                            setRenaming(null);
                            setNameError([]);
                          }}
                        >
                          Cancel
                        </button>
                      </form>
                    ) : (
                      tag.name
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{tag.count.toLocaleString("en")}</td>
                  <td className="px-3 py-2 text-right">
                    {canWrite && renaming !== tag.name && (
                      <button
                        type="button"
                        className="btn-secondary"
                        aria-label={`Rename ${tag.name}`}
                        onClick={() => {
                          setRenaming(tag.name);
                          setNewName(tag.name);
                          setNameError([]);
                        }}
                      >
                        Rename
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {pending && (
        <LazyConfirmDialog
          open
          onOpenChange={(open) => !open && !busy && setPending(null)}
          title={
            pending.kind === "rename"
              ? `Rename “${pending.from}” to “${pending.to}”?`
              : `Merge ${quoted(pending.from)} into “${pending.into}”?`
          }
          description={
            pending.changed === 0
              ? "No contact would change."
              : `${contactsText(pending.changed)} will change; each change is saved in the contact's history.`
          }
          confirmLabel={pending.kind === "rename" ? "Rename tag" : "Merge tags"}
          confirmClassName="btn-primary"
          confirmDisabled={busy}
          onConfirm={(e) => {
            // Stay open until it is done, then close with the summary shown.
            e.preventDefault();
            void apply(pending);
          }}
        />
      )}
    </div>
  );

  function toggleAllOff() {
    setSelected([]);
    setInto("");
    setIntoError([]);
  }
}

"use client";

import type { BatchUpdateInputRaw, BatchUpdateOutput, Contact } from "@contacts/contracts";
import { useId, useState } from "react";
import { trpc } from "@/lib/trpc";
import { displayName } from "./display-name";

type Change = { id: string; data: { tags?: string[]; blocked?: boolean } };

/** What one bulk action wants of one contact; null when it already is so. */
const ACTIONS = {
  addTag: (c: Contact, tag: string): Change | null =>
    c.tags.some((t) => t.toLowerCase() === tag.toLowerCase())
      ? null
      : { id: c.id, data: { tags: [...c.tags, tag] } },
  removeTag: (c: Contact, tag: string): Change | null => {
    const tags = c.tags.filter((t) => t.toLowerCase() !== tag.toLowerCase());
    return tags.length === c.tags.length ? null : { id: c.id, data: { tags } };
  },
  block: (c: Contact): Change | null => (c.blocked === true ? null : { id: c.id, data: { blocked: true } }),
  unblock: (c: Contact): Change | null =>
    c.blocked === true ? { id: c.id, data: { blocked: false } } : null,
};

interface Outcome {
  label: string;
  updated: number;
  unchanged: number;
  failures: { name: string; message: string }[];
  /** The previous values of what was written, at the version the write made: Undo's batch. */
  undo: BatchUpdateInputRaw["items"];
  /** The names of Undo's contacts, in its order, to report what could not be undone. */
  undoNames: string[];
}

/**
 * Bulk add tag, remove tag, block and unblock over the selected contacts, through
 * contact.batchUpdate (not atomic: each contact succeeds or fails on its own, with its own
 * expectedVersion, so an edit made meanwhile by someone else is never overwritten). Undo
 * writes the previous values back, expecting the version just written: a contact changed
 * again since is left alone and reported.
 */
export function BulkActions(props: { selected: Contact[]; onDone: () => void }) {
  const tagId = useId();
  const [tag, setTag] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const batch = trpc.contact.batchUpdate.useMutation();
  const n = props.selected.length;

  async function run(label: string, want: (c: Contact) => Change | null) {
    const planned = props.selected.flatMap((c) => {
      const change = want(c);
      return change ? [{ contact: c, change }] : [];
    });
    const unchanged = n - planned.length;
    if (planned.length === 0) {
      setOutcome({ label, updated: 0, unchanged, failures: [], undo: [], undoNames: [] });
      return;
    }
    let out: BatchUpdateOutput;
    try {
      out = await batch.mutateAsync({
        items: planned.map(({ contact, change }) => ({ ...change, expectedVersion: contact.version })),
      });
    } catch (err) {
      setOutcome({
        label,
        updated: 0,
        unchanged,
        failures: [{ name: `All ${planned.length}`, message: (err as Error).message }],
        undo: [],
        undoNames: [],
      });
      return;
    }
    const failures: Outcome["failures"] = [];
    const undo: Outcome["undo"] = [];
    const undoNames: string[] = [];
    out.results.forEach((r, i) => {
      const p = planned[i];
      if (!p) return;
      if (!r.ok) {
        failures.push({ name: displayName(p.contact), message: r.error.message });
        return;
      }
      const previous: Change["data"] = {};
      if (p.change.data.tags !== undefined) previous.tags = p.contact.tags;
      if (p.change.data.blocked !== undefined) previous.blocked = p.contact.blocked ?? false;
      undo.push({ id: p.contact.id, data: previous, expectedVersion: r.contact.version });
      undoNames.push(displayName(p.contact));
    });
    setOutcome({ label, updated: undo.length, unchanged, failures, undo, undoNames });
    props.onDone();
  }

  async function runUndo(o: Outcome) {
    const out = await batch.mutateAsync({ items: o.undo });
    const failures = out.results.flatMap((r, i) =>
      r.ok ? [] : [{ name: o.undoNames[i] ?? "", message: r.error.message }],
    );
    setOutcome({
      label: `Undo ${o.label}`,
      updated: o.undo.length - failures.length,
      unchanged: 0,
      failures,
      undo: [],
      undoNames: [],
    });
    props.onDone();
  }

  const trimmed = tag.trim();
  return (
    <section aria-label="Bulk actions" className="card space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <p className="text-sm font-medium" aria-live="polite">
          {n} selected
        </p>
        <div>
          <label htmlFor={tagId} className="label">
            Tag for selected
          </label>
          <input id={tagId} className="input" value={tag} onChange={(e) => setTag(e.target.value)} />
        </div>
        <button
          type="button"
          className="btn-secondary"
          disabled={!trimmed || batch.isPending}
          onClick={() => run(`add tag "${trimmed}"`, (c) => ACTIONS.addTag(c, trimmed))}
        >
          Add tag
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={!trimmed || batch.isPending}
          onClick={() => run(`remove tag "${trimmed}"`, (c) => ACTIONS.removeTag(c, trimmed))}
        >
          Remove tag
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={batch.isPending}
          onClick={() => run("block", ACTIONS.block)}
        >
          Block
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={batch.isPending}
          onClick={() => run("unblock", ACTIONS.unblock)}
        >
          Unblock
        </button>
      </div>
      <div role="status" aria-live="polite">
        {outcome && (
          <div className="space-y-1 text-sm">
            <p>
              <span className="font-medium">{outcome.label}:</span> {outcome.updated} updated
              {outcome.unchanged > 0 ? `, ${outcome.unchanged} already so` : ""}
              {outcome.failures.length > 0 ? `, ${outcome.failures.length} failed` : ""}.
              {outcome.undo.length > 0 && (
                <button
                  type="button"
                  className="btn-secondary ml-3 px-2 py-1"
                  disabled={batch.isPending}
                  onClick={() => runUndo(outcome)}
                >
                  Undo
                </button>
              )}
            </p>
            {outcome.failures.length > 0 && (
              <ul className="list-disc pl-5 text-red-800">
                {outcome.failures.map((f) => (
                  <li key={f.name}>
                    {f.name}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

"use client";

import type { TagCount } from "@contacts/contracts";
import { dedupeTags } from "@contacts/contracts/fields/dedupe-tags";
import { normalizeTag, splitTagInput } from "@contacts/contracts/fields/normalize-tag";
import { type ClipboardEvent, type KeyboardEvent, useId, useState } from "react";
import { useDebounced } from "@/components/use-debounced";
import { trpc } from "@/lib/trpc";

interface TagInputProps {
  id: string;
  tags: readonly string[];
  onChange: (tags: string[]) => void;
  describedBy?: string;
  invalid?: boolean;
  /**
   * Where suggestions come from: the workspace's tags (tag.list) unless given, e.g. by a test
   * rendering the input without a server. Called on every render, like a hook.
   */
  suggest?: (prefix: string, enabled: boolean, limit: number) => readonly TagCount[];
}

/** Suggestions shown at once: enough to choose from, few enough to read. */
const SUGGESTIONS = 8;
/** A typed separator ends a tag (also on phones, whose keyboards send no key events for it). */
const SEPARATOR = /[,;\n\t|，；、]/u;

/** The workspace's tags starting with `prefix`, most used first, kept while the next load runs. */
function useTagSuggestions(prefix: string, enabled: boolean, limit: number): readonly TagCount[] {
  const list = trpc.tag.list.useQuery(
    { prefix: prefix || undefined, limit },
    { enabled, staleTime: 30_000, placeholderData: (previous) => previous },
  );
  return list.data?.items ?? [];
}

const plural = (n: number) => `${n} contact${n === 1 ? "" : "s"}`;

/**
 * Tags as removable chips and a box to add more, suggesting the workspace's tags with their
 * counts as the user types (a WAI-ARIA combobox with a listbox popup: arrows move, Enter
 * picks, Escape closes). A comma, semicolon or Enter ends a tag; pasted "ESG, Nordics;" adds
 * two. Every tag is normalized and deduplicated by the contract's own rules, so what is shown
 * is what will be saved.
 */
export function TagInput({ id, tags, onChange, describedBy, invalid, suggest }: TagInputProps) {
  const suggestions = suggest ?? useTagSuggestions;
  const listId = useId();
  const [draft, setDraft] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const prefix = useDebounced(normalizeTag(draft), 150);
  const carried = new Set(tags.map((t) => t.toLowerCase()));
  // The answer may be for a shorter prefix (debounced): narrow it to what is typed now.
  const typed = normalizeTag(draft).toLowerCase();
  const options = suggestions(prefix, open, SUGGESTIONS + tags.length)
    .filter((t) => !carried.has(t.name.toLowerCase()) && t.name.toLowerCase().startsWith(typed))
    .slice(0, SUGGESTIONS);
  const shown = open && draft.trim() !== "" && options.length > 0;
  const activeOption = shown ? options[active] : undefined;

  function add(raw: readonly string[]) {
    const clean = raw.map(normalizeTag).filter((t) => t !== "");
    if (clean.length) onChange(dedupeTags([...tags, ...clean]));
  }

  function commitDraft() {
    add([draft]);
    setDraft("");
    setActive(-1);
  }

  function pick(name: string) {
    add([name]);
    setDraft("");
    setActive(-1);
  }

  function onType(value: string) {
    // Everything before the last separator is finished tags; what follows is still being typed.
    if (SEPARATOR.test(value)) {
      const parts = value.split(SEPARATOR);
      const rest = parts.pop() ?? "";
      add(parts.flatMap(splitTagInput));
      setDraft(rest.trimStart());
    } else {
      setDraft(value);
    }
    setOpen(true);
    setActive(-1);
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData.getData("text");
    if (!SEPARATOR.test(text)) return;
    // A pasted list is complete: all of it becomes tags, the last piece too.
    event.preventDefault();
    add(splitTagInput(`${draft}${text}`));
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (activeOption) pick(activeOption.name);
      else commitDraft();
    } else if (event.key === "Escape") {
      if (shown) {
        event.preventDefault();
        setOpen(false);
      }
    } else if (event.key === "Backspace" && draft === "" && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  }

  return (
    <div className="relative">
      <div
        className={`flex flex-wrap items-center gap-1.5 rounded-md border bg-white px-2 py-1.5 ${invalid ? "border-red-600" : "border-slate-400"}`}
      >
        <ul className="contents" aria-label="Current tags">
          {tags.map((tag) => (
            <li
              key={tag}
              className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-sm"
            >
              {tag}
              <button
                type="button"
                className="min-h-6 min-w-6 rounded-full px-1.5 text-slate-600 hover:bg-slate-200 hover:text-slate-900"
                aria-label={`Remove tag ${tag}`}
                onClick={() => onChange(tags.filter((t) => t !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
          className="min-w-32 flex-1 border-0 px-1 py-1 text-sm outline-none"
          placeholder={tags.length ? "Add a tag" : "Type a tag and press Enter"}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          value={draft}
          onChange={(e) => onType(e.target.value)}
          onPaste={onPaste}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            commitDraft();
          }}
        />
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label="Existing tags"
        hidden={!shown}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((option, index) => (
          <div
            key={option.name}
            tabIndex={-1}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            aria-label={`${option.name}, ${plural(option.count)}`}
            className={`flex cursor-pointer justify-between gap-3 px-3 py-1.5 ${index === active ? "bg-brand-50 text-brand-700" : ""}`}
            // mousedown, not click: the input's blur would commit the draft first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(option.name);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span>{option.name}</span>
            <span className="text-slate-600">{plural(option.count)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

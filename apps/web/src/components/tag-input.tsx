"use client";

import { dedupeTags } from "@contacts/contracts";
import { type KeyboardEvent, useState } from "react";

interface TagInputProps {
  id: string;
  tags: readonly string[];
  onChange: (tags: string[]) => void;
  describedBy?: string;
  invalid?: boolean;
}

/** Tags as removable chips and a box to add more (Enter or comma); duplicates as the contract drops them. */
export function TagInput({ id, tags, onChange, describedBy, invalid }: TagInputProps) {
  const [draft, setDraft] = useState("");

  function commit() {
    const tag = draft.trim();
    if (tag) onChange(dedupeTags([...tags, tag]));
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit();
    } else if (event.key === "Backspace" && draft === "" && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  }

  return (
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
              className="rounded-full px-1.5 text-slate-600 hover:bg-slate-200 hover:text-slate-900"
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
        className="min-w-32 flex-1 border-0 px-1 py-1 text-sm outline-none"
        placeholder={tags.length ? "Add a tag" : "Type a tag and press Enter"}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}

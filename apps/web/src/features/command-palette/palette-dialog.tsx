"use client";

import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useEffect, useId, useState } from "react";
import { useDebounced } from "@/components/use-debounced";
import { trpc } from "@/lib/trpc";
import { displayName } from "../contacts/display-name";

interface Target {
  id: string;
  kind: "Contact" | "Company";
  label: string;
  detail: string;
  href: string;
}

const LIMIT = 6;

/** The palette's dialog, loaded on first use (command-palette.tsx). */
export function PaletteDialog(props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-24 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 rounded-lg bg-white p-4 shadow-xl">
          <Dialog.Title className="text-base font-semibold">Jump to a contact or company</Dialog.Title>
          <Dialog.Description className="sr-only">
            Type to search; use the arrow keys to choose and Enter to open.
          </Dialog.Description>
          {props.open && <PaletteSearch onDone={() => props.onOpenChange(false)} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteSearch(props: { onDone: () => void }) {
  const router = useRouter();
  const listId = useId();
  const inputId = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const term = useDebounced(query.trim(), 150);
  const enabled = term !== "";
  const contacts = trpc.contact.list.useQuery({ search: term, limit: LIMIT }, { enabled });
  const companies = trpc.company.list.useQuery({ search: term, limit: LIMIT }, { enabled });
  const targets: Target[] = enabled
    ? [
        ...(contacts.data?.items ?? []).map((c) => ({
          id: c.id,
          kind: "Contact" as const,
          label: displayName(c),
          detail: c.email ?? c.connections.find((x) => x.primary)?.company.name ?? "",
          href: `/contacts/${c.id}`,
        })),
        ...(companies.data?.items ?? []).map((c) => ({
          id: c.id,
          kind: "Company" as const,
          label: c.name,
          detail: "",
          href: `/companies/${c.id}`,
        })),
      ]
    : [];
  const current = Math.min(active, Math.max(targets.length - 1, 0));
  const loading = enabled && (contacts.isFetching || companies.isFetching);

  function jump(t: Target | undefined) {
    if (!t) return;
    props.onDone();
    router.push(t.href);
  }

  return (
    <div className="mt-3">
      <label htmlFor={inputId} className="sr-only">
        Contact or company
      </label>
      <input
        id={inputId}
        className="input"
        role="combobox"
        aria-expanded={targets.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={targets.length > 0 ? `${listId}-${current}` : undefined}
        placeholder="Name, email, phone or company"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((current + 1) % Math.max(targets.length, 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((current - 1 + targets.length) % Math.max(targets.length, 1));
          } else if (e.key === "Enter") {
            e.preventDefault();
            jump(targets[current]);
          }
        }}
      />
      <div id={listId} role="listbox" aria-label="Matches" className="mt-2 max-h-80 overflow-y-auto">
        {targets.map((t, i) => (
          <div
            key={`${t.kind}-${t.id}`}
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`flex cursor-pointer items-baseline justify-between gap-3 rounded px-3 py-2 ${i === current ? "bg-brand-50 text-brand-700" : ""}`}
            onMouseEnter={() => setActive(i)}
            // mousedown, as in components/combobox.tsx: focus stays in the box.
            onMouseDown={(e) => {
              e.preventDefault();
              jump(t);
            }}
          >
            <span className="font-medium">{t.label}</span>
            <span className="truncate text-xs text-slate-600">
              {t.kind}
              {t.detail ? ` · ${t.detail}` : ""}
            </span>
          </div>
        ))}
      </div>
      <p className="mt-2 text-sm text-slate-600" role="status">
        {!enabled
          ? ""
          : loading
            ? "Searching…"
            : targets.length === 0
              ? "Nothing matches."
              : `${targets.length} matches`}
      </p>
    </div>
  );
}

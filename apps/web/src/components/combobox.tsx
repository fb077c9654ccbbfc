"use client";

import { type KeyboardEvent, useId, useState } from "react";

export interface ComboboxOption {
  value: string;
  label: string;
  /** Shown after the label, quieter: what tells two options of one label apart (a domain). */
  hint?: string;
}

interface ComboboxProps {
  id: string;
  /** Accessible name of the list of options. */
  listLabel: string;
  query: string;
  onQueryChange: (query: string) => void;
  options: readonly ComboboxOption[];
  onSelect: (option: ComboboxOption) => void;
  onBlur?: () => void;
  loading?: boolean;
  emptyText?: string;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
}

/**
 * A text box that filters a list (WAI-ARIA combobox with a listbox popup): arrows move,
 * Enter picks, Escape closes. The caller filters `options` from `query`.
 */
export function Combobox(props: ComboboxProps) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const { options } = props;
  const activeOption = open ? options[active] : undefined;

  function choose(option: ComboboxOption) {
    props.onSelect(option);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter") {
      if (open && activeOption) {
        event.preventDefault();
        choose(activeOption);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
      }
    }
  }

  return (
    <div className="relative">
      <input
        id={props.id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        placeholder={props.placeholder}
        className="input"
        value={props.query}
        onChange={(e) => {
          props.onQueryChange(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          props.onBlur?.();
        }}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={props.listLabel}
        // A scrolling box is a Tab stop in Chromium: Tab from the input landed here, on a
        // list that closes on blur, so focus went nowhere for one press.
        tabIndex={-1}
        hidden={!open}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((option, index) => (
          <div
            key={option.value}
            tabIndex={-1}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-brand-50 text-brand-700" : ""}`}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(option);
            }}
            onMouseEnter={() => setActive(index)}
          >
            {option.label}
            {/* The space keeps the hint a word of its own in the option's accessible name. */}
            {option.hint && (
              <>
                {" "}
                <span className="ml-1 text-slate-600">{option.hint}</span>
              </>
            )}
          </div>
        ))}
        {options.length === 0 && (
          <div role="presentation" className="px-3 py-1.5 text-slate-600">
            {props.loading ? "Searching…" : (props.emptyText ?? "No matches")}
          </div>
        )}
      </div>
    </div>
  );
}

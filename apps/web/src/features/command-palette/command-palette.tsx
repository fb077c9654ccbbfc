"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";

/**
 * ⌘K / Ctrl+K from any page: one box that finds contacts (contact.list search: name, email,
 * phone, company) and companies (company.list search) and jumps to the one picked. A dialog
 * holding a combobox and its listbox (the ARIA 1.2 pattern): focus stays in the box, arrows
 * move the active option, Enter opens it, Escape closes.
 */
const PaletteDialog = dynamic(() => import("./palette-dialog").then((m) => m.PaletteDialog), { ssr: false });

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  // The dialog (radix-ui and the search) loads on first use, not with every page.
  const [used, setUsed] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setUsed(true);
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        className="btn-secondary"
        aria-keyshortcuts="Control+K Meta+K"
        aria-haspopup="dialog"
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
      >
        Jump to… <kbd className="ml-1 text-xs text-slate-600">Ctrl K</kbd>
      </button>
      {used && <PaletteDialog open={open} onOpenChange={setOpen} />}
    </>
  );
}

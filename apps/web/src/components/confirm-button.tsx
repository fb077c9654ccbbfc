"use client";

import dynamic from "next/dynamic";
import { type ReactNode, useRef, useState } from "react";
import type { ConfirmDialogProps } from "./confirm-dialog";

// The dialog (and radix-ui with it) loads when the button is first pointed at, focused or
// pressed, not with the page.
const loadDialog = () => import("./confirm-dialog");
export const LazyConfirmDialog = dynamic(() => loadDialog().then((m) => m.ConfirmDialog), { ssr: false });

/**
 * A button that asks before it acts (ConfirmDialog): a plain button at first paint, the
 * dialog's code fetched on the way to the first press.
 */
export function ConfirmButton(
  props: {
    children: ReactNode;
    "aria-label"?: string;
    className?: string;
  } & Omit<ConfirmDialogProps, "open" | "onOpenChange" | "returnFocusTo">,
) {
  const { children, "aria-label": ariaLabel, className, ...dialog } = props;
  const [open, setOpen] = useState(false);
  // Kept mounted once opened, so radix can hand the focus back as it closes.
  const [used, setUsed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={className ?? "btn-danger"}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
      >
        {children}
      </button>
      {used && <LazyConfirmDialog {...dialog} open={open} onOpenChange={setOpen} returnFocusTo={button} />}
    </>
  );
}

"use client";

import { AlertDialog } from "radix-ui";
import type { MouseEvent, ReactNode, RefObject } from "react";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  descriptionClassName?: string;
  confirmLabel: ReactNode;
  confirmClassName?: string;
  confirmDisabled?: boolean;
  /** Called on the confirm button; `event.preventDefault()` keeps the dialog open. */
  onConfirm: (event: MouseEvent<HTMLButtonElement>) => void;
  /** Where focus goes back to when it closes (radix would look for its own Trigger). */
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/**
 * A question before something that cannot be undone: radix-ui's AlertDialog, styled once.
 * Pages load this module on demand (ConfirmButton, or next/dynamic), so radix-ui (~13 kB gzip)
 * is not in their first load.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <AlertDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content
          className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,calc(100vw-1.5rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl"
          onCloseAutoFocus={(e) => {
            if (!props.returnFocusTo) return;
            e.preventDefault();
            props.returnFocusTo.current?.focus();
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold break-words">{props.title}</AlertDialog.Title>
          <AlertDialog.Description className={props.descriptionClassName ?? "mt-2 text-sm text-slate-700"}>
            {props.description}
          </AlertDialog.Description>
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel className="btn-secondary">Cancel</AlertDialog.Cancel>
            <AlertDialog.Action
              className={props.confirmClassName ?? "btn-danger"}
              disabled={props.confirmDisabled}
              onClick={props.onConfirm}
            >
              {props.confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

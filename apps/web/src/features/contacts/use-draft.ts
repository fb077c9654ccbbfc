"use client";

import type { Contact } from "@contacts/contracts";
import { useEffect } from "react";
import type { ContactFormValues } from "./form-values";

/**
 * An edit in progress kept in this browser until it is saved or discarded, so a reload, a
 * crash or a closed tab loses nothing: the form it was made on (`base`) and what the user had.
 */
export interface Draft {
  base: Contact;
  values: ContactFormValues;
  savedAt: string;
}

const keyOf = (id: string) => `contacts:draft:${id}`;

export function readDraft(id: string): Draft | null {
  try {
    const text = window.localStorage.getItem(keyOf(id));
    return text ? (JSON.parse(text) as Draft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(id: string) {
  try {
    window.localStorage.removeItem(keyOf(id));
  } catch {
    // storage unavailable (private mode): nothing was kept
  }
}

/** Keeps the draft while the form is dirty (written a moment after typing stops), drops it when not. */
export function useDraft(base: Contact, values: ContactFormValues, dirty: boolean) {
  useEffect(() => {
    if (!dirty) {
      clearDraft(base.id);
      return;
    }
    const timer = setTimeout(() => {
      try {
        const draft: Draft = { base, values, savedAt: new Date().toISOString() };
        window.localStorage.setItem(keyOf(base.id), JSON.stringify(draft));
      } catch {
        // full or unavailable storage: the leave guard still asks before anything is lost
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [base, values, dirty]);
}

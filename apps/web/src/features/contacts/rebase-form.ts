import type { Contact } from "@contacts/contracts";
import { changedFields, formToPatch } from "./form-to-patch";
import { type ContactFormValues, contactToForm } from "./form-values";

/** A field someone else changed while the user had changed it too: theirs, and who. */
export interface CollidingField {
  theirs: unknown;
  by: string;
}

/**
 * The form moved onto a newer version of the contact (a change someone else saved, seen
 * live): fields the user has not touched take the new values; fields the user changed keep
 * the user's values, and those the other person changed too are reported as colliding.
 */
export function rebaseForm(
  base: Contact,
  values: ContactFormValues,
  latest: Contact,
): { values: ContactFormValues; theirs: string[]; colliding: string[] } {
  const baseForm = contactToForm(base);
  const latestForm = contactToForm(latest);
  const mine = Object.keys(formToPatch(baseForm, values)) as (keyof ContactFormValues)[];
  const theirs = changedFields(baseForm, latestForm);
  const next = { ...latestForm } as Record<string, unknown>;
  for (const field of mine) next[field] = values[field];
  const rebased = next as ContactFormValues;
  // Where both ended with the same value, nothing collides any more.
  const stillMine = changedFields(latestForm, rebased);
  return { values: rebased, theirs, colliding: theirs.filter((f) => stillMine.includes(f)) };
}

import type { ContactLifecycleState } from "@contacts/db";
import { ConflictError } from "../../errors";

/**
 * Why a contact that exists cannot take part in a merge or a restore: it was erased, merged
 * into another, or (for a merge) is in the bin. Null when it is live.
 */
export function lifecycleRefusal(state: ContactLifecycleState, role: string): ConflictError | null {
  if (state.erasedAt !== null) {
    return new ConflictError("CONTACT_ERASED", `The ${role} contact ${state.id} was erased`);
  }
  if (state.mergedInto !== null) {
    return new ConflictError(
      "CONTACT_MERGED",
      `The ${role} contact ${state.id} was merged into contact ${state.mergedInto}`,
      { contactId: state.mergedInto },
    );
  }
  if (state.deletedAt !== null) {
    return new ConflictError(
      "CONTACT_DELETED",
      `The ${role} contact ${state.id} is in the bin; restore it first`,
    );
  }
  return null;
}

import { IDENTITY_FIELDS, type IdentityField, identityIssues } from "@contacts/contracts";
import { isContactIdentityViolation } from "@contacts/db";
import { ValidationError } from "../../errors";

/** The identity fields a write names: where its error points when the rule breaks. */
export const identityFieldsIn = (data: Partial<Record<IdentityField, unknown>>): IdentityField[] =>
  IDENTITY_FIELDS.filter((field) => data[field] !== undefined);

/**
 * Runs a contact write. The identity rule is the contract's (create input) and the database's
 * (contacts_identity_check, every write); this is the one place that turns the constraint's
 * violation into the contract's error: IDENTITY_REQUIRED at the identity fields the write
 * `named` (the ones it cleared), else at firstName. Paths are relative to the contact data.
 */
export async function withIdentityRule<T>(
  named: readonly IdentityField[],
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isContactIdentityViolation(err))
      throw new ValidationError(identityIssues(named), "IDENTITY_REQUIRED");
    throw err;
  }
}

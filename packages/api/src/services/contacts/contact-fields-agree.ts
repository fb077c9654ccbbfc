import type { ContactFieldValues, ScalarField } from "@contacts/contracts";
import type { ContactColumnKey, ContactColumnValues } from "@contacts/db";

/**
 * Compile-time only: the contract's scalar fields (packages/contracts contact-fields.ts) are
 * exactly the contact's scalar columns (packages/db schema/contacts.ts), with the same value
 * types. A field declared on one side only fails the type check here, naming the field
 * ("Type 'true' is not assignable to type '"title"'"), instead of being skipped at runtime.
 */
type OnlyIn<A, B> = [Exclude<A, B>] extends [never] ? true : Exclude<A, B>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const columnsWithoutAField: OnlyIn<ContactColumnKey, ScalarField> = true;
export const fieldsWithoutAColumn: OnlyIn<ScalarField, ContactColumnKey> = true;
export const fieldAndColumnTypesAgree: Same<
  Pick<ContactFieldValues, ScalarField>,
  ContactColumnValues
> = true;

import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

/** Longer than any real number with formatting; stops huge strings before parsing. */
const PHONE_INPUT_MAX = 64;

/** A number valid in international form (`+…`), stored as E.164 (`+46701234567`). */
export const Phone = z
  .string()
  .trim()
  .max(PHONE_INPUT_MAX, `At most ${PHONE_INPUT_MAX} characters`)
  .transform((value, ctx) => {
    // extract: false, so text around a number ("+46 70 123 45 67 call me") is rejected, not dropped.
    const parsed = value.startsWith("+") ? parsePhoneNumberFromString(value, { extract: false }) : undefined;
    if (!parsed?.isValid()) {
      ctx.addIssue({
        code: "custom",
        message: "Not a valid phone number in international form, e.g. +46 70 123 45 67",
      });
      return z.NEVER;
    }
    return parsed.number;
  });

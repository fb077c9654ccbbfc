import { z } from "zod";

export const PERSON_NAME_MAX = 200;

/** firstName / lastName: 1–200 chars after trim, stored trimmed. */
export const PersonName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(PERSON_NAME_MAX, `At most ${PERSON_NAME_MAX} characters`);

import { z } from "zod";
import { Id } from "../fields/id";
import { Contact } from "./contact";

/**
 * The rules that make two contacts possible duplicates, each with its score (docs/api.md
 * §6.17). A pair's score is its best rule's; every rule that holds is listed as a reason.
 */
export const DUPLICATE_RULES = {
  /** The same email (stored lower-cased and trimmed). */
  SAME_EMAIL: 1,
  /** The same phone number (stored in E.164). */
  SAME_PHONE: 0.9,
  /** The same first and last name, case-insensitively, and a company in common. */
  SAME_NAME_SHARED_COMPANY: 0.8,
  /** Names alike by trigram similarity (at least 0.5), and a company in common. */
  SIMILAR_NAME_SHARED_COMPANY: 0.6,
} as const;
export type DuplicateRule = keyof typeof DUPLICATE_RULES;
export const DuplicateRuleName = z.enum(Object.keys(DUPLICATE_RULES) as [DuplicateRule, ...DuplicateRule[]]);

/** How alike two names must be (pg_trgm `similarity`) for SIMILAR_NAME_SHARED_COMPANY. */
export const SIMILAR_NAME_THRESHOLD = 0.5;

export const DuplicateReason = z.object({
  rule: DuplicateRuleName,
  score: z.number(),
  /** What matched, for a person to check: the email, the phone, the names and the company. */
  detail: z.string(),
});
export type DuplicateReason = z.infer<typeof DuplicateReason>;

/** contact.duplicates: the contacts that may be the same person as `id`, best first. */
export const DuplicatesInput = z.strictObject({ id: Id });
export type DuplicatesInput = z.output<typeof DuplicatesInput>;

export const DuplicateMatch = z.object({
  contact: Contact,
  score: z.number(),
  reasons: z.array(DuplicateReason),
});
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;
export const DuplicatesOutput = z.object({ items: z.array(DuplicateMatch) });
export type DuplicatesOutput = z.infer<typeof DuplicatesOutput>;

export const DUPLICATE_CANDIDATES_LIMIT_MAX = 500;

const NOT_A_CURSOR = "Not a cursor this API handed out";
/** The last pair of a page: `<score>:<leftId>:<rightId>`. Opaque: pass it back unchanged. */
export const DuplicateCursor = z
  .string()
  .regex(/^[01](\.[0-9]{1,4})?:[^:]{1,64}:[^:]{1,64}$/, NOT_A_CURSOR)
  .nullish();

/** contact.duplicateCandidates: the workspace's candidate pairs, best score first. */
export const DuplicateCandidatesInput = z.strictObject({
  limit: z
    .int("Must be a whole number")
    .min(1, "At least 1")
    .max(DUPLICATE_CANDIDATES_LIMIT_MAX, `At most ${DUPLICATE_CANDIDATES_LIMIT_MAX}`)
    .default(100),
  cursor: DuplicateCursor,
  /** Only pairs scoring at least this. */
  minScore: z.number().min(0, "At least 0").max(1, "At most 1").default(0),
});
export type DuplicateCandidatesInput = z.output<typeof DuplicateCandidatesInput>;

/** A candidate pair: `left` is the older contact (the usual survivor), `right` the newer. */
export const DuplicatePair = z.object({
  left: Contact,
  right: Contact,
  score: z.number(),
  reasons: z.array(DuplicateReason),
});
export type DuplicatePair = z.infer<typeof DuplicatePair>;

export const DuplicateCandidatesPage = z.object({
  items: z.array(DuplicatePair),
  nextCursor: z.string().nullable(),
});
export type DuplicateCandidatesPage = z.infer<typeof DuplicateCandidatesPage>;

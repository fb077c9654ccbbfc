import { z } from "zod";

/**
 * Ids are opaque strings. Any string of sane length is accepted, so an id that does not
 * exist (or belongs to another workspace) answers NOT_FOUND rather than a format error.
 */
export const Id = z.string().min(1, "Must not be empty").max(64, "At most 64 characters");

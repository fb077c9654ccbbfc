import { z } from "zod";

export const STRATEGY_MAX = 10_000;

/** Investment strategy: free text of at most 10,000 chars, stored trimmed. */
export const Strategy = z.string().trim().max(STRATEGY_MAX, `At most ${STRATEGY_MAX} characters`);

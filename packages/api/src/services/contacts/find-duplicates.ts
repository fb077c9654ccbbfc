import {
  DUPLICATE_RULES,
  type DuplicateCandidatesInput,
  type DuplicateCandidatesPage,
  type DuplicatesInput,
  type DuplicatesOutput,
  SIMILAR_NAME_THRESHOLD,
} from "@contacts/contracts";
import {
  type DuplicateRuleScores,
  type Executor,
  findDuplicatesOf,
  getContactRecord,
  listDuplicatePairs,
} from "@contacts/db";
import type { Actor } from "../../actor";
import { NotFoundError, ValidationError } from "../../errors";

const SCORES: DuplicateRuleScores = { ...DUPLICATE_RULES, similarNameThreshold: SIMILAR_NAME_THRESHOLD };

/** The most matches `contact.duplicates` answers: a person reviews them one by one. */
export const DUPLICATES_OF_ONE_MAX = 50;

/** contact.duplicates (docs/api.md §6.17): who may be the same person as this contact. */
export async function findDuplicates(
  db: Executor,
  actor: Actor,
  input: DuplicatesInput,
): Promise<DuplicatesOutput> {
  const [contact, items] = await Promise.all([
    getContactRecord(db, actor.workspaceId, input.id),
    findDuplicatesOf(db, {
      workspaceId: actor.workspaceId,
      contactId: input.id,
      scores: SCORES,
      limit: DUPLICATES_OF_ONE_MAX,
    }),
  ]);
  if (!contact) throw new NotFoundError("Contact");
  return { items };
}

/** A page's last pair as the cursor: `<score>:<left id>:<right id>`. */
const cursorOf = (pair: { score: number; left: { id: string }; right: { id: string } }) =>
  `${pair.score}:${pair.left.id}:${pair.right.id}`;

function parseCursor(cursor: string): { score: number; left: string; right: string } {
  const [score, left, right] = cursor.split(":");
  const value = Number(score);
  if (!left || !right || !Object.values(DUPLICATE_RULES).includes(value as never)) {
    throw new ValidationError(
      [{ path: ["cursor"], message: "Not a cursor this API handed out" }],
      "INVALID_CURSOR",
    );
  }
  return { score: value, left, right };
}

/** contact.duplicateCandidates: the workspace's candidate pairs, best first, paged. */
export async function listDuplicateCandidates(
  db: Executor,
  actor: Actor,
  input: DuplicateCandidatesInput,
): Promise<DuplicateCandidatesPage> {
  const rows = await listDuplicatePairs(db, {
    workspaceId: actor.workspaceId,
    scores: SCORES,
    minScore: input.minScore,
    after: input.cursor ? parseCursor(input.cursor) : null,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? cursorOf(last) : null };
}

import { v7 } from "uuid";

/** New ids are UUIDv7: unique without a round trip, and in creation order (keyset pages by id). */
export const newId = (): string => v7();

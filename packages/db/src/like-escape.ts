/** A search term as a LIKE pattern's literal text: `%`, `_` and `\` are data, not wildcards. */
export const likeEscape = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`);

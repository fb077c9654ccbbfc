/** One operator command, e.g. `api-key create`. Each lives in `commands/<name>.ts`. */
export interface Command {
  /** The words that select it: `"api-key create"`. */
  readonly name: string;
  /** Its arguments, as shown after the name in usage lines. */
  readonly synopsis: string;
  readonly summary: string;
  /** What each option means, printed by `--help` below the usage line. */
  readonly details?: string;
  /** Parses `args` (what follows the name) and does the work; prints results on stdout. */
  run(args: string[]): Promise<void>;
}

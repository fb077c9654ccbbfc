/** A failure the operator can act on: the runner prints the message alone and exits 1. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

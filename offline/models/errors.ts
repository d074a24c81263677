/**
 * Errors about models that an operator can act on: the message is one line naming
 * what is wrong and what to do, so the CLI prints it instead of a stack trace.
 */
export class ModelError extends Error {
  override readonly name = "ModelError";
}

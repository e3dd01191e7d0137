export const EXIT = { ok: 0, gateFailed: 1, usage: 2, failure: 3 } as const;

/** A problem the user can fix, said in one line, with the exit code it ends the command with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exit: number = EXIT.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const ExitCode = {
  Ok: 0,
  /** The spec has errors, or the work failed with a reported diagnostic. */
  Failure: 1,
  /** The command line itself was wrong. */
  Usage: 2,
} as const;

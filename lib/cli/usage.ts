/** A command line the package's commands cannot run: printed with the usage, exit code 2. */
export class UsageError extends Error {}

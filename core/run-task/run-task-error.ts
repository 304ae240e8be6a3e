/**
 * A mistake in what the caller asked for (a flag, the command string, a container name): the CLI
 * prints it with exit code 2, before or instead of starting anything.
 */
export class RunTaskInputError extends Error {
  override readonly name = 'RunTaskInputError';
}

/** ECS refused, answered something we do not understand, or could not be reached: exit code 1. */
export class RunTaskAwsError extends Error {
  override readonly name = 'RunTaskAwsError';
}

import { z } from 'zod';

/**
 * The runtimes a CodeBuild standard image installs by name in `runtime-versions`
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html). Node is always there: the
 * Build step runs the tool on it.
 */
export const BUILD_RUNTIMES = ['python', 'ruby', 'golang', 'java', 'dotnet', 'php'] as const;

const testCommandsSchema = z.strictObject({
  runtime: z
    .partialRecord(
      z.enum(BUILD_RUNTIMES),
      z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(z.string().regex(/^[a-z0-9][a-z0-9.]*$/, 'must be a version such as 3.12, 1.24 or corretto21')),
    )
    .default({})
    .describe(
      "Runtimes besides Node that the tests need, as CodeBuild's runtime-versions takes them, e.g. { python: '3.12' } " +
        '(default none)',
    ),
  commands: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .min(1, 'needs at least one command (or test: none)')
    .describe('Shell commands run at the repository root, in order; a non-zero exit fails the Build step'),
});

export const buildSchema = z
  .strictObject({
    test: z
      .union([z.literal('none'), testCommandsSchema])
      .default('none')
      .describe(
        "The application's own tests, run in the Build step after the guardrails check and before synth; 'none' " +
          'runs none, and the plan says so (default none)',
      ),
  })
  .prefault({});

export type BuildConfig = z.output<typeof buildSchema>;
export type TestCommands = z.output<typeof testCommandsSchema>;

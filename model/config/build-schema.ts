import { z } from 'zod';
import { BUILD_RUNTIMES, imageHasRuntime, STANDARD_7_RUNTIMES, type BuildRuntime } from './build-runtimes';

const testCommandsSchema = z.strictObject({
  runtime: z
    .partialRecord(
      z.enum(BUILD_RUNTIMES as [BuildRuntime, ...BuildRuntime[]]),
      z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(z.string().regex(/^[a-z0-9][a-z0-9.]*$/, 'must be a version such as 3.12, 1.24 or corretto21')),
    )
    .default({})
    .superRefine((runtimes, ctx) => {
      for (const [runtime, version] of Object.entries(runtimes) as [BuildRuntime, string][]) {
        if (!imageHasRuntime(runtime, version))
          ctx.addIssue({
            code: 'custom',
            path: [runtime],
            input: version,
            message: `is not on CodeBuild's standard:7.0 image, which has ${STANDARD_7_RUNTIMES[runtime].join(', ')} (or a major as 'N.x', or 'latest')`,
          });
      }
    })
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

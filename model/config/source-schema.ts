import { z } from 'zod';

/** The `source:` block: the repository and branch the pipeline releases, and what starts it. */

export const sourceSchema = z.strictObject({
  connectionArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
      'must be a CodeConnections connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)',
    )
    .describe('The CodeConnections connection the pipeline reads the repository through'),
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repository')
    .describe('The repository, as owner/repository'),
  branch: z.string().min(1).default('main').describe('The branch that deploys (default main)'),
  triggerPaths: z
    .array(z.string().min(1))
    .min(1)
    .max(8, 'holds at most 8 patterns (a CodePipeline push filter takes 8)')
    .optional()
    .describe(
      'Glob patterns; when set, a push that touches none of them is ignored (default every path but ignorePaths)',
    ),
  trigger: z
    .enum(['push', 'manual'])
    .default('push')
    .describe(
      'push: a push to the branch starts the pipeline; manual: only "Release change" in the console does (default push)',
    ),
  ignorePaths: z
    .array(z.string().min(1))
    .max(8, 'holds at most 8 patterns (a CodePipeline push filter takes 8)')
    .default(['**/*.md', 'docs/**', '.github/**', 'LICENSE'])
    .describe(
      'Glob patterns; a push that touches only these is ignored (default **/*.md, docs/**, .github/**, LICENSE)',
    ),
});

import { z } from 'zod';
import { connectionArn } from './common-fields';

/** The `source:` block: the repository and branch the pipeline releases, and what starts it. */

export const sourceSchema = z.strictObject({
  connectionArn: connectionArn().describe('The CodeConnections connection the pipeline reads the repository through'),
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

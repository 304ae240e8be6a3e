import { z } from 'zod';
import { serviceName } from './service-fields';

/** A task that must succeed before a service's new version takes traffic (a database migration). */
export const releaseTaskSchema = z.strictObject({
  command: z.string().min(1).describe('Split like a shell would, without expansion, e.g. "bin/rails db:migrate"'),
  container: serviceName().optional().describe('Container the command runs in (default the app container)'),
  timeoutMinutes: z
    .int()
    .min(1)
    .max(480)
    .default(15)
    .describe('Time the release task may run; when it is over the release fails (default 15)'),
});

export type ReleaseTaskConfig = z.output<typeof releaseTaskSchema>;

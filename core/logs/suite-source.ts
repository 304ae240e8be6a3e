import { BatchGetProjectsCommand, type CodeBuildClient, type Project } from '@aws-sdk/client-codebuild';
import { retrying, type RetryPolicy } from './retry';
import type { LogSource } from './log-source';
import { explainLogsError, LogsError } from './logs-error';
import type { SuiteTarget } from './logs-target';

/**
 * Where the integration suite's builds log: the CloudWatch Logs settings of its CodeBuild project (the construct
 * gives it a log group whose name CloudFormation generates). Each build writes one stream named by its build id,
 * under the project's stream name when it has one.
 */
export async function readSuiteSource(
  client: CodeBuildClient,
  target: SuiteTarget,
  retry: RetryPolicy,
): Promise<LogSource> {
  const where = `CodeBuild project ${target.project} (account ${target.account}, ${target.region})`;
  let project: Project | undefined;
  try {
    const answer = await retrying(retry, () => client.send(new BatchGetProjectsCommand({ names: [target.project] })));
    project = answer.projects?.find((p) => p.name === target.project);
  } catch (error) {
    throw explainLogsError(error, { ...target, service: 'CodeBuild', operation: 'BatchGetProjects', where });
  }
  if (project === undefined) {
    throw new LogsError(
      'not-found',
      `${where} does not exist: has the ${target.environment} environment been deployed, and are your credentials for ` +
        `its account ${target.account}?`,
    );
  }
  const settings = project.logsConfig?.cloudWatchLogs;
  if (settings?.status !== 'ENABLED' || settings.groupName === undefined) {
    throw new LogsError('not-found', `${where} does not write its builds' logs to a CloudWatch Logs group of its own`);
  }
  return {
    group: settings.groupName,
    ...(settings.streamName ? { streamPrefix: `${settings.streamName}/` } : {}),
    region: target.region,
    origin: `integration suite builds of CodeBuild project ${target.project}`,
  };
}

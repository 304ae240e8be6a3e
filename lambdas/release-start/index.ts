import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { startRelease, type StartedRelease } from '../../core/handoff/release-start';
import { RELEASE_START_ENVIRONMENT } from '../../model/lambda-contracts';

/*
 * Starts one release run per new version of the hand-off object (core/handoff/release-start.ts), as the only thing
 * whoever may invoke this function can make it do: the pipeline, bucket, key and source actions come from its
 * environment, which its stack set; the event may only name a version of that one object. Failures are thrown as
 * one line; the release stack sends a failed invocation to its notification topic.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'release-start' });
const TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000 } as const;

export async function handler(event: unknown): Promise<StartedRelease> {
  const settings = {
    pipelineName: setting(RELEASE_START_ENVIRONMENT.pipelineName),
    bucket: setting(RELEASE_START_ENVIRONMENT.bucket),
    key: setting(RELEASE_START_ENVIRONMENT.key),
    candidateAction: setting(RELEASE_START_ENVIRONMENT.candidateAction),
    repositoryAction: setting(RELEASE_START_ENVIRONMENT.repositoryAction),
  };
  const clients = {
    s3: new S3Client({ requestHandler: TIMEOUTS }),
    codePipeline: new CodePipelineClient({ requestHandler: TIMEOUTS }),
  };
  try {
    const started = await startRelease(clients, settings, event);
    logger.info('release run started', { ...started });
    return started;
  } catch (error) {
    logger.error('release run not started', { error: (error as Error).message });
    throw error;
  } finally {
    clients.s3.destroy();
    clients.codePipeline.destroy();
  }
}

function setting(name: string): string {
  const value = process.env[name]?.trim();
  if (value === undefined || value === '') throw new Error(`${name} must be set (got nothing)`);
  return value;
}

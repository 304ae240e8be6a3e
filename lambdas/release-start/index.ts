import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { RELEASE_START_TIMEOUTS, startRelease, type StartedRelease } from '../../core/handoff/release-start';
import { RELEASE_START_ENVIRONMENT } from '../../model/lambda-contracts';
import { requiredSetting } from '../required-setting';

/*
 * Starts one release run per new version of the hand-off object (core/handoff/release-start.ts), as the only thing
 * whoever may invoke this function can make it do: the pipeline, bucket, key and source actions come from its
 * environment, which its stack set; the event may only name a version of that one object. Failures are thrown as
 * one line; the release stack sends a failed invocation to its notification topic.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'release-start' });

export async function handler(event: unknown): Promise<StartedRelease> {
  const settings = {
    pipelineName: requiredSetting(process.env, RELEASE_START_ENVIRONMENT.pipelineName),
    bucket: requiredSetting(process.env, RELEASE_START_ENVIRONMENT.bucket),
    key: requiredSetting(process.env, RELEASE_START_ENVIRONMENT.key),
    candidateAction: requiredSetting(process.env, RELEASE_START_ENVIRONMENT.candidateAction),
    repositoryAction: requiredSetting(process.env, RELEASE_START_ENVIRONMENT.repositoryAction),
  };
  const clients = {
    s3: new S3Client({ requestHandler: RELEASE_START_TIMEOUTS }),
    codePipeline: new CodePipelineClient({ requestHandler: RELEASE_START_TIMEOUTS }),
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

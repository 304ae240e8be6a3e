/**
 * Starts the release pipeline for one hand-off (lambdas/release-start): S3 tells EventBridge that the hand-off object
 * has a new version; the run then reads exactly that version of the candidate and, from the release account's own
 * connection, the commit the hand-off says it was built from (source revision overrides). The commit is a claim until
 * Verify has synthesized it again and compared (commit-match.ts); naming a commit that does not exist, or another
 * commit's candidate, fails the run there.
 */
import { createHash } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  StartPipelineExecutionCommand,
  type CodePipelineClient,
  type StartPipelineExecutionCommandInput,
} from '@aws-sdk/client-codepipeline';
import { FULL_COMMIT_ID } from '../../model/candidate-layout';
import { HANDOFF_COMMIT_METADATA } from '../../model/naming';

/** One S3 read and one CodePipeline call per hand-off, well inside the function's minute. */
export const RELEASE_START_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000 } as const;

/** The Lambda's environment, which the release stack sets. */
export interface ReleaseStartSettings {
  readonly pipelineName: string;
  readonly bucket: string;
  readonly key: string;
  /** The source actions the overrides name. */
  readonly candidateAction: string;
  readonly repositoryAction: string;
}

export interface ReleaseStartClients {
  readonly s3: Pick<S3Client, 'send'>;
  readonly codePipeline: Pick<CodePipelineClient, 'send'>;
}

export interface StartedRelease {
  readonly executionId: string;
  readonly commit: string;
  readonly versionId: string;
}

/** The version an S3 "Object Created" event names, refused unless it is the hand-off object of `settings`. */
export function candidateVersion(event: unknown, settings: ReleaseStartSettings): string {
  const detail = (event as { detail?: { bucket?: { name?: unknown }; object?: Record<string, unknown> } } | null)
    ?.detail;
  const bucket = detail?.bucket?.name;
  const key = detail?.object?.key;
  const version = detail?.object?.['version-id'];
  if (bucket !== settings.bucket || key !== settings.key) {
    throw new Error(
      `the event names s3://${String(bucket)}/${String(key)}, not the hand-off object s3://${settings.bucket}/${settings.key}: not starting a release`,
    );
  }
  if (typeof version !== 'string' || version.length === 0 || version === 'null') {
    throw new Error(
      `the event names no version of s3://${settings.bucket}/${settings.key} (the hand-off bucket must be versioned): not starting a release`,
    );
  }
  return version;
}

/** The request that starts one run on exactly that candidate version and that commit. */
export function startRequest(
  settings: ReleaseStartSettings,
  versionId: string,
  commit: string,
): StartPipelineExecutionCommandInput {
  return {
    name: settings.pipelineName,
    // EventBridge may deliver an event more than once; the same version starts one run.
    clientRequestToken: createHash('sha256').update(versionId).digest('hex'),
    sourceRevisions: [
      { actionName: settings.candidateAction, revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: versionId },
      { actionName: settings.repositoryAction, revisionType: 'COMMIT_ID', revisionValue: commit },
    ],
  };
}

export async function startRelease(
  clients: ReleaseStartClients,
  settings: ReleaseStartSettings,
  event: unknown,
): Promise<StartedRelease> {
  const versionId = candidateVersion(event, settings);
  const head = await clients.s3.send(
    new HeadObjectCommand({ Bucket: settings.bucket, Key: settings.key, VersionId: versionId }),
  );
  const commit = head.Metadata?.[HANDOFF_COMMIT_METADATA];
  if (commit === undefined || !FULL_COMMIT_ID.test(commit)) {
    throw new Error(
      `version ${versionId} of the hand-off object carries no commit id in its '${HANDOFF_COMMIT_METADATA}' metadata ` +
        `(got ${JSON.stringify(commit ?? null)}): not starting a release; hand the candidate off again from the delivery pipeline`,
    );
  }
  const started = await clients.codePipeline.send(
    new StartPipelineExecutionCommand(startRequest(settings, versionId, commit)),
  );
  if (started.pipelineExecutionId === undefined) {
    throw new Error(`CodePipeline started ${settings.pipelineName} without returning an execution id`);
  }
  return { executionId: started.pipelineExecutionId, commit, versionId };
}

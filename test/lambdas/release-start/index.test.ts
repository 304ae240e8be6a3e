import { createHash } from 'node:crypto';
import { RELEASE_START_ENVIRONMENT } from '../../../model/lambda-contracts';
import { AwsJsonServer, localAwsEnv } from '../../support/aws-json-server';
import { S3Server } from '../../support/s3-server';
import { RELEASE_START_ENTRY, useBundledHandler } from '../support/bundle-hook';
import { invokeHandler } from '../support/invoke-hook';

// The release-start function as Lambda runs it: bundled with the SDK left out, driven with the real S3 and CodePipeline
// clients against local endpoints, configured only by the variables its stack sets.

const BUCKET = 'sample-handoff-666666666666-eu-west-1';
const KEY = 'candidate/candidate.zip';
const COMMIT = 'c0ffee'.padEnd(40, '0');
const VERSION = '3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY';

type Handler = (event: unknown) => Promise<unknown>;
const bundled = useBundledHandler<Handler>(RELEASE_START_ENTRY);
const servers: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** The hand-off bucket holding `metadata` on the version, and CodePipeline starting runs. */
async function endpoints(metadata: Record<string, string>) {
  const s3 = await S3Server.start({ bucket: BUCKET });
  s3.seed(KEY, 'candidate', new Date(), { metadata, versionId: VERSION });
  const codePipeline = await AwsJsonServer.start({
    StartPipelineExecution: () => ({ body: { pipelineExecutionId: 'e1f2' } }),
  });
  servers.push(s3, codePipeline);
  return { s3, codePipeline };
}

const created = (detail: { bucket?: string; key?: string; version?: string } = {}) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: {
    bucket: { name: detail.bucket ?? BUCKET },
    object: { key: detail.key ?? KEY, ...(detail.version === '' ? {} : { 'version-id': detail.version ?? VERSION }) },
  },
});

async function invoke(at: Awaited<ReturnType<typeof endpoints>>, event: unknown) {
  return invokeHandler(bundled.handler(), event, {
    ...localAwsEnv('CODEDEPLOY', at.codePipeline.url),
    AWS_ENDPOINT_URL_CODEPIPELINE: at.codePipeline.url,
    AWS_ENDPOINT_URL_S3: at.s3.url,
    AWS_MAX_ATTEMPTS: '1',
    [RELEASE_START_ENVIRONMENT.pipelineName]: 'sample-release',
    [RELEASE_START_ENVIRONMENT.bucket]: BUCKET,
    [RELEASE_START_ENVIRONMENT.key]: KEY,
    [RELEASE_START_ENVIRONMENT.candidateAction]: 'Candidate',
    [RELEASE_START_ENVIRONMENT.repositoryAction]: 'Repository',
  });
}

test('starts one run on exactly the new version and the commit its metadata names, idempotent per version', async () => {
  const at = await endpoints({ commit: COMMIT, sha256: 'f'.repeat(64) });

  const run = await invoke(at, created());

  expect(run.resolved).toEqual({ executionId: 'e1f2', commit: COMMIT, versionId: VERSION });
  expect(run.rejected).toBeUndefined();
  expect(at.s3.calls).toEqual([
    expect.objectContaining({ operation: 'HeadObject', keys: [KEY], query: { versionId: VERSION } }),
  ]);
  expect(at.codePipeline.callsOf('StartPipelineExecution')).toEqual([
    {
      name: 'sample-release',
      clientRequestToken: createHash('sha256').update(VERSION).digest('hex'),
      sourceRevisions: [
        { actionName: 'Candidate', revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: VERSION },
        { actionName: 'Repository', revisionType: 'COMMIT_ID', revisionValue: COMMIT },
      ],
    },
  ]);
});

test.each([
  [
    'another bucket',
    { bucket: 'other-bucket' },
    /^the event names s3:\/\/other-bucket\/candidate\/candidate\.zip, not the hand-off object/,
  ],
  [
    'another key',
    { key: 'candidate/other.zip' },
    /^the event names s3:\/\/.*\/candidate\/other\.zip, not the hand-off object/,
  ],
  ['no version', { version: '' }, /^the event names no version of s3:\/\/.* \(the hand-off bucket must be versioned\)/],
])('an event naming %s starts nothing and reads nothing', async (_, detail, message) => {
  const at = await endpoints({ commit: COMMIT });

  const run = await invoke(at, created(detail));

  expect(run.rejected).toMatch(message);
  expect(at.s3.calls).toEqual([]);
  expect(at.codePipeline.calls).toEqual([]);
});

test.each([
  ['no commit', {}],
  ['a branch name', { commit: 'main' }],
  ['an abbreviated id', { commit: 'c0ffee0' }],
])('a version whose metadata names %s starts nothing, saying what to do', async (_, metadata) => {
  const at = await endpoints(metadata);

  const run = await invoke(at, created());

  expect(run.rejected).toMatch(
    new RegExp(
      `^version ${VERSION.replace(/\./g, '\\.')} of the hand-off object carries no commit id in its 'commit' metadata .*hand the candidate off again`,
    ),
  );
  expect(at.codePipeline.calls).toEqual([]);
});

test('a version that does not exist (an event for a deleted version) starts nothing', async () => {
  const at = await endpoints({ commit: COMMIT });

  const run = await invoke(at, created({ version: 'gone' }));

  expect(run.rejected).toBeDefined();
  expect(at.codePipeline.calls).toEqual([]);
});

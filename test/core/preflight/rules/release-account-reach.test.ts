import { releaseAccountReach } from '../../../../core/preflight/rules/release-account-reach';
import { HANDOFF_KEY } from '../../../../model/naming';
import { PROTECTED_ACCOUNTS_OUTPUT } from '../../../../model/release-split';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import {
  assemblyOf,
  attachedPolicy,
  partitionArn,
  pipeline,
  resource,
  role,
  runRule,
  STAGING,
  stack,
  statement,
  TOOLS,
} from '../harness';

const PROD = '333333333333';
const RELEASE = '444444444444';
const HANDOFF_OBJECT = `arn:aws:s3:::app-handoff-${RELEASE}-eu-west-1/${HANDOFF_KEY}`;

/** The release stack, in the release account (or another) with its pipeline. */
const release = (account = RELEASE) =>
  stack('app-release', {
    account,
    outputs: { [PROTECTED_ACCOUNTS_OUTPUT]: { Value: PROD } },
    resources: { Pipeline: pipeline([]) },
  });
/** The delivery stack, in the tools account, with its pipeline and one step role allowed `statements`. */
const delivery = (...statements: JsonObject[]) =>
  stack('app-pipeline', {
    account: TOOLS,
    resources: {
      Pipeline: pipeline([]),
      StepRole: role(),
      ...(statements.length > 0 ? { StepPolicy: attachedPolicy('StepRole', ...statements) } : {}),
    },
  });
/** A role of the protected environment's stack that trusts `principal`. */
const prodTrusting = (principal: JsonValue) =>
  stack('app-prod-service', {
    account: PROD,
    resources: {
      Reader: resource('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: principal } }],
        },
      }),
    },
  });

describe('release-account-reach', () => {
  test("passes the hand-off step's PutObject of the hand-off key, and a prod role that trusts the release account", () => {
    const findings = runRule(
      releaseAccountReach,
      assemblyOf(
        release(),
        delivery(statement('s3:PutObject', HANDOFF_OBJECT)),
        prodTrusting(partitionArn(`:iam::${RELEASE}:root`)),
      ),
    );
    expect(findings).toEqual([]);
  });

  test.each([
    [
      'a role of the release account',
      statement('sts:AssumeRole', `arn:aws:iam::${RELEASE}:role/app-prod-deploy-step-euw1`),
    ],
    ['any object of the hand-off bucket', statement('s3:PutObject', `arn:aws:s3:::app-handoff-${RELEASE}-eu-west-1/*`)],
    ['a delete of the hand-off key', statement(['s3:PutObject', 's3:DeleteObject'], HANDOFF_OBJECT)],
    ['every S3 write of the hand-off key', statement('s3:*', HANDOFF_OBJECT)],
    [
      "the release pipeline's builds",
      statement('codebuild:StartBuild', `arn:aws:codebuild:eu-west-1:${RELEASE}:project/app-prod-Deploy`),
    ],
    [
      'its approvals',
      statement('codepipeline:PutApprovalResult', `arn:aws:codepipeline:eu-west-1:${RELEASE}:app-release`),
    ],
  ])('refuses a tools-account role that reaches %s', (_what, reaching) => {
    const findings = runRule(releaseAccountReach, assemblyOf(release(), delivery(reaching)));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'release-account-reach',
      severity: 'error',
      stackName: 'app-pipeline',
    });
    expect(findings[0].message).toContain(`only the release stack acts in the release account ${RELEASE}`);
  });

  test.each([
    ['the tools account by id', TOOLS],
    ["the tools account's step role", partitionArn(`:iam::${TOOLS}:role/app-prod-render-euw1`)],
    ["an unprotected environment's account", `arn:aws:iam::${STAGING}:root`],
  ])('refuses a protected role that trusts %s', (_what, principal) => {
    const staging = stack('app-staging-service', { account: STAGING });
    const findings = runRule(releaseAccountReach, assemblyOf(release(), delivery(), staging, prodTrusting(principal)));
    expect(findings.map((f) => [f.stackName, f.message])).toEqual([
      [
        'app-prod-service',
        expect.stringMatching(
          new RegExp(
            `^trusts account \\d{12}, where .* a role of protected account ${PROD} may trust only the release account ${RELEASE}$`,
          ),
        ),
      ],
    ]);
  });

  test('leaves an account outside the assembly alone (a DNS or payments account the pipeline never deploys to)', () => {
    const findings = runRule(releaseAccountReach, assemblyOf(release(), delivery(), prodTrusting('555555555555')));
    expect(findings).toEqual([]);
  });

  test('checks nothing when the release stack shares the tools account with the delivery pipeline', () => {
    const reaching = delivery(statement('sts:AssumeRole', `arn:aws:iam::${TOOLS}:role/app-prod-deploy-step-euw1`));
    expect(runRule(releaseAccountReach, assemblyOf(release(TOOLS), reaching, prodTrusting(TOOLS)))).toEqual([]);
  });
});

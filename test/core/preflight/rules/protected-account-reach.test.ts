import { protectedAccountReach } from '../../../../core/preflight/rules/protected-account-reach';
import { PROTECTED_ACCOUNTS_OUTPUT } from '../../../../model/release-split';
import {
  action,
  assemblyOf,
  attachedPolicy,
  partitionArn,
  pipeline,
  role,
  runRule,
  STAGING,
  stack,
  stage,
  statement,
} from '../harness';

const PROD = '333333333333';
const release = stack('app-release', {
  outputs: { [PROTECTED_ACCOUNTS_OUTPUT]: { Value: PROD } },
  resources: {
    DeployRole: role(),
    DeployPolicy: attachedPolicy(
      'DeployRole',
      statement('sts:AssumeRole', `arn:aws:iam::${PROD}:role/cdk-hnb659fds-deploy-role-${PROD}-eu-west-1`),
    ),
  },
});
const delivery = (...statements: ReturnType<typeof statement>[]) =>
  stack('app-pipeline', {
    resources: { StepRole: role(), StepPolicy: attachedPolicy('StepRole', ...statements) },
  });

describe('protected-account-reach', () => {
  test('passes a delivery pipeline that reaches only staging, and the release stack that reaches prod', () => {
    const findings = runRule(
      protectedAccountReach,
      assemblyOf(
        release,
        delivery(
          statement('sts:AssumeRole', `arn:aws:iam::${STAGING}:role/app-staging-render-euw1`),
          statement('s3:PutObject', `arn:aws:s3:::cdk-hnb659fds-assets-${STAGING}-eu-west-1/*`),
        ),
      ),
    );
    expect(findings).toEqual([]);
  });

  test.each([
    [
      'a bootstrap deploy role',
      statement('sts:AssumeRole', partitionArn(`:iam::${PROD}:role/cdk-hnb659fds-deploy-role-${PROD}-eu-west-1`)),
    ],
    ["an environment's step role", statement('sts:AssumeRole', `arn:aws:iam::${PROD}:role/app-prod-release-euw1`)],
    ['any role of any account', statement('sts:AssumeRole', 'arn:aws:iam::*:role/*')],
    ['every role', statement('sts:*')],
    ["prod's asset bucket", statement('s3:PutObject*', `arn:aws:s3:::cdk-hnb659fds-assets-${PROD}-eu-west-1/*`)],
  ])('refuses a delivery-side role that reaches %s', (_what, reaching) => {
    const findings = runRule(protectedAccountReach, assemblyOf(release, delivery(reaching)));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'protected-account-reach',
      severity: 'error',
      stackName: 'app-pipeline',
    });
    expect(findings[0].message).toContain('only the release pipeline');
  });

  test("passes a grant on any account's bootstrap roles that excludes every protected account by aws:ResourceAccount, and refuses it when one is left out", () => {
    const excluding = (...accounts: string[]) => ({
      ...statement('sts:AssumeRole', 'arn:aws:iam::*:role/cdk-hnb659fds-*'),
      Condition: { StringNotEquals: { 'aws:ResourceAccount': accounts } },
    });
    expect(runRule(protectedAccountReach, assemblyOf(release, delivery(excluding(PROD))))).toEqual([]);
    const findings = runRule(protectedAccountReach, assemblyOf(release, delivery(excluding(STAGING))));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('sts:AssumeRole on arn:aws:iam::*:role/')]);
  });

  test("refuses a delivery pipeline action that runs as a protected account's role", () => {
    const delivering = stack('app-pipeline', {
      resources: {
        Pipeline: pipeline([
          stage('prod', [
            action({
              name: 'BlueGreen',
              provider: 'CodeDeployToECS',
              roleArn: `arn:aws:iam::${PROD}:role/app-prod-cd-action-euw1`,
            }),
          ]),
        ]),
      },
    });
    const findings = runRule(protectedAccountReach, assemblyOf(release, delivering));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('action prod/BlueGreen runs as a role of protected account'),
    ]);
  });

  test("reads S3 reads of prod's bucket, and an assembly without a release stack, as no reach", () => {
    const reading = delivery(statement('s3:GetObject', `arn:aws:s3:::cdk-hnb659fds-assets-${PROD}-eu-west-1/*`));
    expect(runRule(protectedAccountReach, assemblyOf(release, reading))).toEqual([]);
    const reaching = delivery(statement('sts:AssumeRole', `arn:aws:iam::${PROD}:role/x`));
    expect(runRule(protectedAccountReach, assemblyOf(reaching))).toEqual([]);
  });

  test("leaves the protected environment's own stacks alone", () => {
    const prodStack = stack('app-prod-service', {
      account: PROD,
      resources: { R: role(), P: attachedPolicy('R', statement('sts:AssumeRole', `arn:aws:iam::${PROD}:role/y`)) },
    });
    expect(runRule(protectedAccountReach, assemblyOf(release, prodStack))).toEqual([]);
  });
});

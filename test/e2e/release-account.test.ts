import { releaseAccountReach } from '../../core/preflight/rules/release-account-reach';
import { HANDOFF_KEY } from '../../model/naming';
import { assemblyOf, runRule, stack } from '../core/preflight/harness';
import { fixtureConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

// GIVEN the all-capabilities fixture: tools account 510000000001 (eu-central-1), dev and staging unprotected, prod
// (510000000004) protected, and pipeline.releaseAccount 510000000007.
const TOOLS = '510000000001';
const RELEASE = '510000000007';
const config = fixtureConfig('all-capabilities');
const { pipeline: delivery, release: maybeRelease, environments, stacks } = synthesized(config);
/** Prod's access stack: the CodeDeploy action role, which must exist before the release pipeline. */
const prodAccess = stacks['helpdesk-prod-access'].template;
const release = maybeRelease!;
const BUCKET = `helpdesk-handoff-${RELEASE}-eu-central-1`;
const HANDOFF_ROLE = `arn:aws:iam::${TOOLS}:role/helpdesk-handoff-step-euc1`;

/** A value as text, with `{ Ref: AWS::Partition }` written as `aws`, so ARNs read as they deploy. */
const text = (value: unknown) => JSON.stringify(value).replace(/","\{"Ref":"AWS::Partition"\},"/g, 'aws');
/** Every statement of the resource policies of `type` in a template. */
const policyStatements = (template: typeof release, type: string, property: string) =>
  Object.values(template.findResources(type)).flatMap(
    (r) => (r.Properties[property] as { Statement: Record<string, unknown>[] }).Statement,
  );
/** The roles of a template that trust an AWS principal, by role name, with the text of their trust policy. */
const trustingRoles = (template: typeof release) =>
  Object.values(template.findResources('AWS::IAM::Role'))
    .map((r) => [String(r.Properties.RoleName), text(r.Properties.AssumeRolePolicyDocument)] as const)
    .filter(([, trust]) => trust.includes('"AWS"'));

test('the hand-off bucket, named after the release account, admits PutObject of the one key by the tools-account hand-off role only', () => {
  release.hasResourceProperties('AWS::S3::Bucket', {
    BucketName: BUCKET,
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  const statements = policyStatements(release, 'AWS::S3::BucketPolicy', 'PolicyDocument').map(text);
  // The only Allow to an AWS principal (the others are to the S3 logging service).
  const allow = statements.filter((s) => s.includes('"Effect":"Allow"') && s.includes('"Principal":{"AWS"'));
  expect(allow).toEqual([expect.stringContaining(`"Action":"s3:PutObject"`)]);
  expect(allow[0]).toContain(`"aws:PrincipalArn":"${HANDOFF_ROLE}"`);
  expect(allow[0]).toContain(`:iam::${TOOLS}:root`);
  expect(allow[0]).toContain(`/${HANDOFF_KEY}"`);
  // Every other writer is still refused.
  expect(statements).toContainEqual(
    expect.stringMatching(new RegExp(`"ArnNotEquals":\\{"aws:PrincipalArn":"${HANDOFF_ROLE}"\\}\\},"Effect":"Deny"`)),
  );
});

test('the hand-off key lets that role encrypt through S3 of the pipeline region only, for the hand-off bucket only', () => {
  const keyStatements = policyStatements(release, 'AWS::KMS::Key', 'KeyPolicy').map(text);
  const toTools = keyStatements.filter((s) => s.includes(`:iam::${TOOLS}:root`));
  expect(toTools).toHaveLength(1);
  expect(toTools[0]).toContain('"Action":["kms:Decrypt","kms:GenerateDataKey"]');
  expect(toTools[0]).toContain(`"aws:PrincipalArn":"${HANDOFF_ROLE}"`);
  expect(toTools[0]).toContain('"kms:ViaService":"s3.eu-central-1.amazonaws.com"');
  expect(toTools[0]).toContain(`"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::${BUCKET}"`);
});

test("the delivery stack's hand-off step may put the key of the release account's bucket and use that account's key through S3, for that bucket only", () => {
  const statements = policyStatements(delivery, 'AWS::IAM::Policy', 'PolicyDocument').map(text);
  expect(statements).toContainEqual(
    expect.stringContaining(
      `"Action":"s3:PutObject","Effect":"Allow","Resource":"arn:aws:s3:::${BUCKET}/${HANDOFF_KEY}"`,
    ),
  );
  const kms = statements.find((s) => s.includes(`"Resource":"arn:aws:kms:eu-central-1:${RELEASE}:key/*"`));
  expect(kms).toContain('"kms:ViaService":"s3.eu-central-1.amazonaws.com"');
  // S3 passes the bucket's ARN as encryption context (Bucket Keys on); KMS judges it whoever owns the key.
  expect(kms).toContain(`"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::${BUCKET}"`);
});

test("prod's roles trust the release account's step roles and the release pipeline role, never the tools account", () => {
  const trusting = [...trustingRoles(environments.prod), ...trustingRoles(prodAccess)];
  expect(trusting.map(([name]) => name)).toEqual(
    expect.arrayContaining([
      'helpdesk-prod-taskdef-reader-euw1',
      'helpdesk-prod-alarm-reader-euw1',
      'helpdesk-prod-cd-action-euw1',
      'helpdesk-prod-release-euw1',
      'helpdesk-prod-worker-roller-euw1',
      'helpdesk-prod-listener-repoint-euw1',
    ]),
  );
  for (const [name, trust] of trusting) {
    expect([name, trust]).toEqual([name, expect.stringContaining(`:iam::${RELEASE}:`)]);
    expect([name, trust]).toEqual([name, expect.not.stringContaining(TOOLS)]);
  }
  const actionRole = trusting.find(([name]) => name === 'helpdesk-prod-cd-action-euw1')![1];
  expect(actionRole).toContain(`"aws:PrincipalArn":"arn:aws:iam::${RELEASE}:role/helpdesk-release-role-euc1"`);
});

test("an unprotected environment's roles keep trusting the tools account", () => {
  const trusting = trustingRoles(environments.staging);
  expect(trusting.length).toBeGreaterThan(0);
  for (const [name, trust] of trusting) {
    expect([name, trust]).toEqual([name, expect.stringContaining(`:iam::${TOOLS}:`)]);
    expect([name, trust]).toEqual([name, expect.not.stringContaining(RELEASE)]);
  }
});

test('preflight release-account-reach passes these templates, and refuses them when prod trusts the tools account', () => {
  const asStack = (id: string, template: typeof release, account: string) => {
    const json = template.toJSON();
    return stack(id, { account, resources: json.Resources, outputs: json.Outputs ?? {} });
  };
  const [dev, staging, prod] = config.environments;
  const others = [
    asStack('helpdesk-pipeline', delivery, TOOLS),
    asStack('helpdesk-dev-service', environments.dev, dev.account),
    asStack('helpdesk-staging-service', environments.staging, staging.account),
  ];
  const prodStacks = [
    asStack('helpdesk-prod-service', environments.prod, prod.account),
    asStack('helpdesk-prod-access', prodAccess, prod.account),
  ];
  expect(
    runRule(releaseAccountReach, assemblyOf(asStack('helpdesk-release', release, RELEASE), ...others, ...prodStacks)),
  ).toEqual([]);
  // The same prod templates, as they were before the release account: their roles trusted the tools account.
  const trustingTools = (template: typeof release) =>
    JSON.parse(JSON.stringify(template.toJSON()).replaceAll(`:iam::${RELEASE}:`, `:iam::${TOOLS}:`));
  const findings = runRule(
    releaseAccountReach,
    assemblyOf(
      asStack('helpdesk-release', release, RELEASE),
      ...others,
      stack('helpdesk-prod-service', { account: prod.account, resources: trustingTools(environments.prod).Resources }),
      stack('helpdesk-prod-access', { account: prod.account, resources: trustingTools(prodAccess).Resources }),
    ),
  );
  // One problem, reported once with every role that has it, the access stack's too (the runner groups the message).
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ stackName: 'helpdesk-prod-service', severity: 'error' });
  expect(findings[0].message).toContain(`trusts account ${TOOLS}`);
  expect(findings[0].alsoAt).toEqual(expect.arrayContaining([expect.stringContaining('helpdesk-prod-access')]));
  expect(1 + (findings[0].alsoAt?.length ?? 0)).toBeGreaterThanOrEqual(6);
});

test("the tools account's image repositories let the release account's Verify role read their scans, and nothing more", () => {
  const verifyRole = `arn:aws:iam::${RELEASE}:role/helpdesk-release-verify-euc1`;
  const repositoryStatements = policyStatements(delivery, 'AWS::ECR::Repository', 'RepositoryPolicyText');
  const forVerify = repositoryStatements.filter((s) => text(s).includes(verifyRole));
  expect(forVerify.length).toBeGreaterThan(0);
  for (const statement of forVerify) {
    expect(statement).toEqual({
      Effect: 'Allow',
      Principal: { AWS: expect.stringContaining(`:iam::${RELEASE}:root`) },
      Action: ['ecr:DescribeImageScanFindings', 'ecr:DescribeImages'],
      Condition: { ArnEquals: { 'aws:PrincipalArn': [verifyRole] } },
    });
  }
  release.hasResourceProperties('AWS::IAM::Role', { RoleName: 'helpdesk-release-verify-euc1' });
});

test("prod's Render step pulls from prod's regional copy of the images, not the pipeline region's", () => {
  const render = Object.values(release.findResources('AWS::CodeBuild::Project')).filter((p) =>
    JSON.parse(p.Properties.Source.BuildSpec as string).phases.build.commands.some((c: string) =>
      c.startsWith('bluegreen render '),
    ),
  );
  expect(render.length).toBeGreaterThan(0);
  for (const project of render) {
    expect(project.Properties.Environment.EnvironmentVariables).toContainEqual({
      Name: 'IMAGE_REGISTRY',
      Type: 'PLAINTEXT',
      Value: `${TOOLS}.dkr.ecr.eu-west-1.amazonaws.com`,
    });
  }
});

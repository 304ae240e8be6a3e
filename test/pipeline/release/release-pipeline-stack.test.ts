import { Match } from 'aws-cdk-lib/assertions';
import { protectedAccountReach } from '../../../core/preflight/rules/protected-account-reach';
import { judgeTrust } from '../../../core/preflight/trust';
import { HANDOFF_KEY, handoffBucketName } from '../../../model/naming';
import { PROTECTED_ACCOUNTS_OUTPUT, releaseAccountOf } from '../../../model/release-split';
import { TOOL_PACKAGE } from '../../../model/tool-files';
import { pinnedToolInstall } from '../../../pipeline/release/release-project';
import { assemblyOf, runRule, stack } from '../../core/preflight/harness';
import { shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN the shipped configuration: staging, then prod with approval: true (a protected environment).
const config = shippedConfig();
const prod = config.environments.find((e) => e.name === 'prod')!;
const { pipeline: delivery, release: maybeRelease, environments, stacks } = synthesized(config);
const release = maybeRelease!;

interface Action {
  Name: string;
  RunOrder?: number;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  RoleArn?: unknown;
}
interface Stage {
  Name: string;
  Actions: Action[];
  BeforeEntry?: { Conditions: { Result: string; Rules: { RuleTypeId: { Provider: string } }[] }[] };
}
const releasePipeline = Object.values(release.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
const stages: Stage[] = releasePipeline.Stages;
const stage = (name: string) => stages.find((s) => s.Name === name)!;
const allProjects = Object.values(release.findResources('AWS::CodeBuild::Project'));
const specOf = (project: (typeof projects)[number]) => JSON.parse(project.Properties.Source.BuildSpec);
/** The two commands every release project starts its build with: the pinned tool's install, and its PATH. */
const PINNED = [expect.stringContaining('npm ci --omit=dev'), expect.stringContaining('export PATH=')];
const projectOf = (action: Action) => {
  const id = (action.Configuration?.ProjectName as { Ref: string }).Ref;
  return release.toJSON().Resources[id];
};
const actionOf = (stageName: string, actionName: string) =>
  stage(stageName).Actions.find((a) => a.Name === actionName)!;
/** The one project that runs the commit's code: the Resynthesize action's. */
const resynthesis = projectOf(actionOf('Verify', 'Resynthesize'));
/** Every other project: the release's steps, which run the pinned tool. */
const projects = allProjects.filter((p) => p !== resynthesis);
const policyOf = (project: (typeof allProjects)[number]) => {
  const roleId = (project.Properties.ServiceRole as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(release.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
};

test('is a V2 pipeline that runs one candidate at a time, from the hand-off bucket and the repository, and never updates itself', () => {
  expect(releasePipeline).toMatchObject({ PipelineType: 'V2', ExecutionMode: 'QUEUED' });
  expect(stages.map((s) => s.Name)).toEqual(['Source', 'Verify', 'Approve-prod', 'prod']);
  expect(stages[0].Actions).toEqual([
    expect.objectContaining({
      Name: 'Candidate',
      ActionTypeId: expect.objectContaining({ Category: 'Source', Provider: 'S3' }),
      Configuration: expect.objectContaining({ S3ObjectKey: HANDOFF_KEY, PollForSourceChanges: false }),
    }),
    // The release account's own connection, to the configured repository; a push never starts this pipeline.
    expect.objectContaining({
      Name: 'Repository',
      ActionTypeId: expect.objectContaining({ Category: 'Source', Provider: 'CodeStarSourceConnection' }),
      Configuration: expect.objectContaining({
        ConnectionArn: config.pipeline.releaseConnectionArn,
        FullRepositoryId: config.source.repository,
        DetectChanges: false,
      }),
    }),
  ]);
  expect(releasePipeline.Triggers).toBeUndefined();
  release.hasResourceProperties('AWS::S3::Bucket', {
    BucketName: handoffBucketName(config.application, releaseAccountOf(config), config.pipeline.region),
    VersioningConfiguration: { Status: 'Enabled' },
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
    },
    NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
  });
  expect(JSON.stringify(release.toJSON())).not.toContain('SelfMutat');
});

test('a new hand-off version starts one run through the release-start function, which may only read that object, start this pipeline, write its logs and report a failed start', () => {
  const rules = Object.values(release.findResources('AWS::Events::Rule'));
  expect(rules).toHaveLength(1);
  expect(rules[0].Properties.EventPattern).toMatchObject({
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { object: { key: [HANDOFF_KEY] } },
  });
  const target = rules[0].Properties.Targets[0].Arn as { 'Fn::GetAtt': [string, string] };
  const fn = release.toJSON().Resources[target['Fn::GetAtt'][0]];
  expect(fn.Type).toBe('AWS::Lambda::Function');
  expect(fn.Properties.Environment.Variables).toEqual({
    PIPELINE_NAME: `${config.application}-release`,
    HANDOFF_BUCKET: { Ref: expect.stringMatching(/^HandoffBucket/) },
    HANDOFF_KEY,
    CANDIDATE_ACTION: 'Candidate',
    REPOSITORY_ACTION: 'Repository',
  });
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const actions = Object.values(release.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown }[])
    .flatMap((statement) => [statement.Action].flat())
    .sort();
  expect(actions).toEqual([
    'codepipeline:StartPipelineExecution',
    'kms:Decrypt',
    'kms:GenerateDataKey*',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    's3:GetObject',
    's3:GetObjectVersion',
    'sns:Publish',
  ]);
});

test("Resynthesize runs the commit's code with a role that may write only its own output artifact, and Verify compares", () => {
  const resynthesize = actionOf('Verify', 'Resynthesize');
  expect(resynthesize).toMatchObject({
    RunOrder: 1,
    InputArtifacts: [{ Name: 'Commit' }],
    OutputArtifacts: [{ Name: 'Resynth' }],
  });
  expect(specOf(resynthesis).phases.build.commands).toEqual([
    'npx --no bluegreen cdk synth --quiet',
    expect.stringContaining('SYNTHESIS_HASH='),
  ]);
  const statements = policyOf(resynthesis);
  expect(statements).toContainEqual({
    Effect: 'Deny',
    Action: ['s3:AbortMultipartUpload', 's3:DeleteObject*', 's3:PutObject*', 's3:RestoreObject'],
    NotResource: {
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ArtifactsBucket/), 'Arn'] }, '/*/Resynth/*']],
    },
  });
  // No role to assume, no connection, no secret, no parameter: nothing but logs, reports, its artifacts and their key.
  const services = new Set(
    statements
      .filter((st) => st.Effect === 'Allow')
      .flatMap((st) => [st.Action].flat().map((a) => String(a).split(':')[0])),
  );
  expect([...services].sort()).toEqual(['codebuild', 'kms', 'logs', 's3']);
  const verify = actionOf('Verify', 'Verify');
  expect(verify).toMatchObject({
    RunOrder: 2,
    InputArtifacts: [{ Name: 'Candidate' }, { Name: 'Commit' }, { Name: 'Resynth' }],
  });
  expect(JSON.parse(String(verify.Configuration?.EnvironmentVariables))).toEqual(
    expect.arrayContaining([
      { name: 'COMMIT_ID', type: 'PLAINTEXT', value: '#{Repository.CommitId}' },
      { name: 'SYNTHESIS_HASH', type: 'PLAINTEXT', value: '#{Resynthesize.SYNTHESIS_HASH}' },
    ]),
  );
});

test('the approval shows the commit the pipeline fetched, the images, hash and hand-off object version, and prod enters only inside its deployment window', () => {
  const [approval] = stage('Approve-prod').Actions;
  expect(approval.ActionTypeId.Category).toBe('Approval');
  expect(approval.Configuration).toMatchObject({ NotificationArn: { Ref: expect.any(String) } });
  expect(String(approval.Configuration?.CustomData)).toMatch(
    /commit #\{Repository\.CommitId\} of my-org\/ecs-bluegreen-pipeline to prod: candidate SHA-256 #\{Verify\.CANDIDATE_HASH\} \(hand-off object version #\{Source\.VersionId\}\), templates, configuration and suite as that commit synthesizes them, images #\{Verify\.IMAGES\} and frontend as the delivery pipeline built them/,
  );
  expect(stage('prod').BeforeEntry?.Conditions[0]).toMatchObject({
    Result: 'FAIL',
    Rules: [{ RuleTypeId: { Provider: 'DeploymentWindow' } }],
  });
  expect(stage('Approve-prod').BeforeEntry).toBeUndefined();
});

test('prod: Deploy the approved assembly, then the listener re-point, render and the suite source, blue/green, bake', () => {
  const order = [...stage('prod').Actions]
    .sort((a, b) => (a.RunOrder ?? 1) - (b.RunOrder ?? 1))
    .map((a) => (a.ActionTypeId.Provider === 'CodeBuild' ? a.Name : a.ActionTypeId.Provider));
  expect(order).toEqual(['Deploy', 'RepointListeners', 'Render', 'StageSuite', 'CodeDeployToECS', 'Bake']);
  const deploy = specOf(projectOf(stage('prod').Actions.find((a) => a.Name === 'Deploy')!));
  expect(deploy.phases.build.commands).toEqual([
    ...PINNED,
    'bluegreen handoff verify . --hash "$APPROVED_HASH"',
    // From an empty directory, so no cdk.json of the candidate (and no plugin it names) loads; --force uploads every
    // asset again, so no object an earlier candidate left under a key stands in for this one's.
    '(cd "$(mktemp -d)" && CDK_DISABLE_CLI_TELEMETRY=true cdk deploy --app "$CODEBUILD_SRC_DIR/cdk.out/$ASSEMBLY" --all --force --no-notices --require-approval never --outputs-file /tmp/outputs.json)',
    expect.stringContaining('bluegreen handoff exports'),
  ]);
  // The later actions read Deploy's outputs as its exported variables.
  const exported: string[] = deploy.env['exported-variables'];
  expect(exported.length).toBeGreaterThan(0);
  const bakeEnv = JSON.parse(
    String(stage('prod').Actions.find((a) => a.Name === 'Bake')!.Configuration?.EnvironmentVariables),
  );
  expect(bakeEnv).toContainEqual({
    name: 'SERVICE_URL',
    type: 'PLAINTEXT',
    value: expect.stringMatching(/^#\{prodDeploy\.OUT_\d+\}$/),
  });
  const [blueGreen] = stage('prod').Actions.filter((a) => a.ActionTypeId.Provider === 'CodeDeployToECS');
  expect(blueGreen.RoleArn).toBe(`arn:aws:iam::${prod.account}:role/${config.application}-prod-cd-action-euw1`);
});

test('every step after the approval re-checks the approved hash before it acts', () => {
  for (const action of stage('prod').Actions.filter((a) => a.ActionTypeId.Provider === 'CodeBuild')) {
    const env = JSON.parse(String(action.Configuration?.EnvironmentVariables));
    expect({ action: action.Name, env }).toMatchObject({
      env: expect.arrayContaining([{ name: 'APPROVED_HASH', type: 'PLAINTEXT', value: '#{Verify.CANDIDATE_HASH}' }]),
    });
    expect(specOf(projectOf(action)).phases.build.commands[PINNED.length]).toBe(
      'bluegreen handoff verify . --hash "$APPROVED_HASH"',
    );
  }
});

test("no gate of a protected environment runs the candidate's code: every project installs the pinned tool alone", () => {
  expect(projects.length).toBeGreaterThanOrEqual(5);
  for (const project of projects) {
    const spec = specOf(project);
    expect(spec.phases.install).toEqual({ 'runtime-versions': { nodejs: 22 } });
    const [install, path, ...own] = spec.phases.build.commands as string[];
    expect([install, path]).toEqual(pinnedToolInstall({ spec: `${TOOL_PACKAGE}@0.0.0-test` }));
    expect(JSON.stringify(own)).not.toMatch(/npm ci|npm install|npx|npm run|node_modules\/\.bin\//);
  }
  const verify = specOf(projectOf(actionOf('Verify', 'Verify')));
  expect(verify.phases.build.commands).toEqual([
    ...PINNED,
    'bluegreen handoff verify . --release-account "$RELEASE_ACCOUNT" --release-roles "$RELEASE_ROLES" --secret-accounts "$SECRET_ACCOUNTS" > /tmp/verified.txt && cat /tmp/verified.txt',
    'bluegreen handoff match . --commit "$COMMIT_ID" --source "$CODEBUILD_SRC_DIR_Commit" --synthesized "$CODEBUILD_SRC_DIR_Resynth" --synthesized-hash "$SYNTHESIS_HASH"',
    expect.stringContaining('CANDIDATE_HASH='),
    'bluegreen handoff scan . --repository-prefix "$IMAGE_REPOSITORY_PREFIX" --stages "$RELEASE_STAGES"',
    'failed=0; for assembly in cdk.out/assembly-*; do bluegreen preflight "$assembly" || failed=1; done; test "$failed" = 0',
    `bluegreen guardrails check --config config.yaml --parameter "$GUARDRAILS_PARAMETER" $(for assembly in cdk.out/assembly-*; do printf -- '--assembly %s ' "$assembly"; done)`,
  ]);
});

test("Verify judges the scans of the application's own repositories in the pipeline account, and only reads them", () => {
  const verify = projectOf(actionOf('Verify', 'Verify'));
  expect(verify.Properties.Environment.EnvironmentVariables).toContainEqual({
    Name: 'IMAGE_REPOSITORY_PREFIX',
    Type: 'PLAINTEXT',
    Value: `${config.pipeline.account}.dkr.ecr.${config.pipeline.region}.amazonaws.com/${config.application}/`,
  });
  const roleId = (verify.Properties.ServiceRole as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const ecr = Object.values(release.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
    .filter((s) => [s.Action].flat().some((a) => String(a).startsWith('ecr:')));
  expect(ecr).toEqual([
    {
      Action: ['ecr:DescribeImageScanFindings', 'ecr:DescribeImages'],
      Effect: 'Allow',
      // The shipped config builds one image, for its single `service:`.
      Resource: `arn:aws:ecr:${config.pipeline.region}:${config.pipeline.account}:repository/${config.application}/service`,
    },
  ]);
});

test("the release stack's roles reach prod only through the bootstrap deploy and file-publishing roles (Deploy), the CodeDeploy action role and the environment's narrow reader, upload and listener re-point roles", () => {
  const statements = Object.values(release.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
  );
  const assumed = statements.filter((s) => s.Action === 'sts:AssumeRole').flatMap((s) => [s.Resource].flat());
  const inProd = assumed.filter((arn) => String(arn).includes(`::${prod.account}:`));
  expect(inProd.sort()).toEqual(
    [
      `arn:aws:iam::${prod.account}:role/cdk-hnb659fds-deploy-role-${prod.account}-${prod.region}`,
      `arn:aws:iam::${prod.account}:role/cdk-hnb659fds-file-publishing-role-${prod.account}-${prod.region}`,
      `arn:aws:iam::${prod.account}:role/${config.application}-prod-alarm-reader-euw1`,
      `arn:aws:iam::${prod.account}:role/${config.application}-prod-cd-action-euw1`,
      `arn:aws:iam::${prod.account}:role/${config.application}-prod-listener-repoint-euw1`,
      `arn:aws:iam::${prod.account}:role/${config.application}-prod-suite-upload-euw1`,
      `arn:aws:iam::${prod.account}:role/${config.application}-prod-taskdef-reader-euw1`,
    ].sort(),
  );
});

test("the delivery pipeline's hand-off step may only put the candidate; nothing the delivery stack defines reaches prod", () => {
  expect(stagesOf(delivery).find((s) => s.Name === 'HandOff')!.Actions).toHaveLength(1);
  const project = Object.values(delivery.findResources('AWS::CodeBuild::Project')).find((p) =>
    String(p.Properties.Source.BuildSpec).includes('bluegreen handoff pack'),
  )!;
  const env = project.Properties.Environment.EnvironmentVariables as { Name: string; Value: string }[];
  expect(env.find((v) => v.Name === 'PACK_ARGS')?.Value).toMatch(
    // The directory CDK writes the prod stage's nested assembly to (test/e2e/cdk-synth.check.ts finds it there).
    /^--stage prod=assembly-sample-pipeline-prod --image service=handoff-images\/service$/,
  );
  delivery.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [Match.objectLike({ Ref: Match.stringLikeRegexp('HandoffStepRole') })],
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Action: 's3:PutObject',
          Effect: 'Allow',
          Resource: Match.stringLikeRegexp(`:s3:::.*-handoff-.*/${HANDOFF_KEY}$`),
        },
      ]),
    },
  });
  // The rule, on the synthesized templates: the delivery stack and staging's reach no protected account.
  const asStack = (id: string, template: ReturnType<typeof delivery.toJSON>, account: string) =>
    stack(id, { account, resources: template.Resources, outputs: template.Outputs ?? {} });
  const assembly = assemblyOf(
    asStack('sample-release', release.toJSON(), releaseAccountOf(config)),
    asStack('sample-pipeline', delivery.toJSON(), config.pipeline.account),
    asStack('sample-staging-service', environments.staging.toJSON(), config.environments[0].account),
  );
  expect(release.toJSON().Outputs[PROTECTED_ACCOUNTS_OUTPUT].Value).toBe(prod.account);
  expect(runRule(protectedAccountReach, assembly)).toEqual([]);
});

test("prod's CodeDeploy action role trusts the release pipeline's role, not the delivery pipeline's", () => {
  // In prod's access stack, which the release stack deploys after: CodePipeline requires it to exist first.
  stacks[`${config.application}-prod-access`].template.hasResourceProperties('AWS::IAM::Role', {
    RoleName: `${config.application}-prod-cd-action-euw1`,
    AssumeRolePolicyDocument: {
      Statement: [
        Match.objectLike({
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': `arn:aws:iam::${releaseAccountOf(config)}:role/${config.application}-release-role-euw1`,
            },
          },
        }),
      ],
    },
  });
});

function stagesOf(template: typeof delivery): Stage[] {
  return Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
}

test("the release Deploy step deploys the prod stage's nested assembly by the directory CDK writes it to", () => {
  const deploy = projects.find((p) => String(p.Properties.Source.BuildSpec).includes('cdk deploy'))!;
  const env = deploy.Properties.Environment.EnvironmentVariables as { Name: string; Value: string }[];
  expect(env.find((v) => v.Name === 'ASSEMBLY')?.Value).toBe('assembly-sample-pipeline-prod');
});

test.each([
  ['delivery', () => delivery],
  ['release', () => release],
])('every CodeBuild project of the %s stack is nameless or has a name CodeBuild accepts', (_name, template) => {
  for (const project of Object.values(template().findResources('AWS::CodeBuild::Project'))) {
    const name = project.Properties.Name as string | undefined;
    if (name !== undefined) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/);
  }
});

test("each release step role trusts CodeBuild only for the release's own projects, by their fixed names", () => {
  const roles = Object.values(release.findResources('AWS::IAM::Role')).filter((r) =>
    JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('codebuild.amazonaws.com'),
  );
  const named = new Set(
    Object.values(release.findResources('AWS::CodeBuild::Project')).map((p) => p.Properties.Name as string),
  );
  const pinned = roles.filter((r) => r.Properties.RoleName !== undefined);
  expect(pinned.length).toBeGreaterThan(0);
  for (const role of pinned) {
    const arns = [role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn']].flat();
    for (const arn of arns) expect(named).toContain(JSON.stringify(arn).match(/project\/([A-Za-z0-9_-]+)/)![1]);
  }
});

test("Verify knows the release stack's own account and role names, and prod's templates trust nothing else", () => {
  const verify = projectOf(actionOf('Verify', 'Verify'));
  const variables = Object.fromEntries(
    (verify.Properties.Environment.EnvironmentVariables as { Name: string; Value: unknown }[]).map((v) => [
      v.Name,
      v.Value,
    ]),
  );
  const owned = Object.values(release.findResources('AWS::IAM::Role'))
    .map((r) => r.Properties.RoleName as string | undefined)
    .filter((name) => name !== undefined)
    .sort();
  expect(variables.RELEASE_ACCOUNT).toBe(releaseAccountOf(config));
  expect(variables.RELEASE_ROLES).toBe(owned.join(','));
  // The environments the release stack deploys, from its own synth: the candidate's manifest must name exactly these.
  expect(variables.RELEASE_STAGES).toBe('prod=assembly-sample-pipeline-prod');
  expect(owned).toEqual(
    expect.arrayContaining([`${config.application}-release-role-euw1`, `${config.application}-prod-render-euw1`]),
  );
  const prodStack = stack('prod', {
    stackName: `${config.application}-prod-service`,
    account: prod.account,
    region: prod.region,
    resources: environments.prod.toJSON().Resources,
  });
  const secretAccounts = new Set<string>();
  expect(
    judgeTrust(prodStack, { account: releaseAccountOf(config), roleNames: new Set(owned), secretAccounts }),
  ).toEqual([]);
  // A release stack of an older tool that does not own the render role yet: prod's reader role is refused.
  const older = new Set(owned.filter((name) => !name.endsWith('-render-euw1')));
  expect(judgeTrust(prodStack, { account: releaseAccountOf(config), roleNames: older, secretAccounts })).toEqual([
    expect.objectContaining({
      logicalId: expect.stringMatching(/^PipelineAccessTaskDefinitionReader/),
      message: expect.stringContaining(`owns no role '${config.application}-prod-render-euw1'`),
    }),
  ]);
});

import { Match } from 'aws-cdk-lib/assertions';
import { regionCode } from '../../../model/naming';
import { releaseSplit } from '../../../model/release-split';
import { shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN the shipped configuration: staging, then prod behind an approval (which the release pipeline deploys:
// test/pipeline/release/release-pipeline-stack.test.ts).
const config = shippedConfig();
const { delivered } = releaseSplit(config);
const { pipeline: template } = synthesized(config);

interface Action {
  Name: string;
  RunOrder: number;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  InputArtifacts?: { Name: string }[];
}
interface Stage {
  Name: string;
  Actions: Action[];
  BeforeEntry?: {
    Conditions: {
      Result: string;
      Rules: { RuleTypeId: { Provider: string }; Configuration: Record<string, string> }[];
    }[];
  };
  OnSuccess?: {
    Conditions: {
      Result: string;
      Rules: { RuleTypeId: { Provider: string }; Configuration: Record<string, string> }[];
    }[];
  };
}

const pipelineProps = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
const stages: Stage[] = pipelineProps.Stages;
const stage = (name: string) => {
  const found = stages.find((s) => s.Name === name);
  if (!found) throw new Error(`no stage ${name} in ${stages.map((s) => s.Name).join(', ')}`);
  return found;
};
const actionsOf = (name: string, provider: string) =>
  stage(name).Actions.filter((a) => a.ActionTypeId.Provider === provider);

test('is a V2 pipeline whose first stage is the CodeConnections source', () => {
  expect(pipelineProps.PipelineType).toBe('V2');
  expect(stages[0].Actions).toHaveLength(1);
  expect(stages[0].Actions[0]).toMatchObject({
    ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' },
    Configuration: {
      ConnectionArn: config.source.connectionArn,
      FullRepositoryId: config.source.repository,
      BranchName: 'main',
    },
  });
});

test('starts on a push to the configured branch unless it touches only ignored paths (docs)', () => {
  expect(config.source.triggerPaths).toBeUndefined();
  expect(pipelineProps.Triggers).toEqual([
    {
      ProviderType: 'CodeStarSourceConnection',
      GitConfiguration: {
        SourceActionName: stages[0].Actions[0].Name,
        Push: [
          {
            Branches: { Includes: [config.source.branch] },
            FilePaths: { Excludes: ['**/*.md', 'docs/**', '.github/**', 'LICENSE'] },
          },
        ],
      },
    },
  ]);
});

test("runs the application's tests, then checks the guardrails, synthesizes and preflights, then updates itself before anything deploys", () => {
  const names = stages.map((s) => s.Name);
  expect(names.slice(0, 3)).toEqual(['Source', 'Build', 'UpdatePipeline']);
  expect(stages[1].Actions.map((a: { Name: string }) => a.Name)).toEqual(['Test', 'Synth']);
  expect(names.indexOf('Image')).toBeLessThan(names.indexOf(config.environments[0].name));
  const synthProject = Object.values(template.findResources('AWS::CodeBuild::Project')).find((p) =>
    String(p.Properties.Source.BuildSpec).includes('bluegreen cdk synth'),
  );
  const spec = JSON.parse(synthProject!.Properties.Source.BuildSpec);
  expect(spec.phases.install).toEqual({ 'runtime-versions': { nodejs: 22 }, commands: ['npm ci --ignore-scripts'] });
  expect(spec.phases.build.commands).toEqual([
    'npx --no bluegreen guardrails check --parameter "$GUARDRAILS_PARAMETER"',
    'npx --no bluegreen cdk synth --quiet',
    'npx --no bluegreen preflight cdk.out',
  ]);
  // The sample service's own check runs in the Test step before it (test/pipeline/delivery/synth-step.test.ts); the tool's
  // lint and tests run nowhere in the pipeline.
  const buildSpecs = Object.values(template.findResources('AWS::CodeBuild::Project')).map((p) =>
    String(p.Properties.Source.BuildSpec),
  );
  expect(buildSpecs.filter((b) => b.includes('cd service && npm ci --ignore-scripts && npm run build'))).toHaveLength(
    1,
  );
  expect(buildSpecs.join('\n')).not.toMatch(/npm (run lint|test)/);
});

test('has exactly one privileged CodeBuild project: the image build, with a Docker layer cache', () => {
  const privileged = Object.values(template.findResources('AWS::CodeBuild::Project')).filter(
    (p) => p.Properties.Environment.PrivilegedMode === true,
  );
  expect(privileged).toHaveLength(1);
  expect(privileged[0].Properties.Cache).toEqual({ Type: 'LOCAL', Modes: ['LOCAL_DOCKER_LAYER_CACHE'] });
  // The scan gate runs outside the privileged build, in the step whose output every environment renders from.
  expect(privileged[0].Properties.Source.BuildSpec).not.toContain('bluegreen');
  expect(actionsOf('Image', 'CodeBuild').map((a) => [a.Name, a.RunOrder])).toEqual([
    ['BuildImage', 1],
    ['ScanImage', 2],
  ]);
  const scanOutput = (
    stage('Image').Actions.find((a) => a.Name === 'ScanImage') as Action & {
      OutputArtifacts: { Name: string }[];
    }
  ).OutputArtifacts[0].Name;
  for (const environment of delivered) {
    const render = stage(environment.name).Actions.find((a) => a.Name === 'Render')!;
    expect(render.InputArtifacts?.map((a) => a.Name)).toContain(scanOutput);
  }
});

test('keeps images in an immutable, scanned, KMS-encrypted repository with a lifecycle policy, retained except on a failed create', () => {
  template.hasResourceProperties('AWS::ECR::Repository', {
    RepositoryName: `${config.application}/service`,
    ImageTagMutability: 'IMMUTABLE',
    ImageScanningConfiguration: { ScanOnPush: true },
    EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: Match.anyValue() },
    LifecyclePolicy: { LifecyclePolicyText: Match.anyValue() },
  });
  const repository = Object.values(template.findResources('AWS::ECR::Repository'))[0];
  // A fixed name: kept on delete, but removed when its own first create rolls back, so a retry can create it.
  expect(repository.DeletionPolicy).toBe('RetainExceptOnCreate');
  const pull = repository.Properties.RepositoryPolicyText.Statement.find((s: { Action: string[] }) =>
    s.Action.includes('ecr:BatchGetImage'),
  );
  expect(pull.Action).not.toContain('ecr:PutImage');
  // Each environment's task execution role only, named in a condition (the roles do not exist yet when this
  // stack is deployed first, and a policy naming a missing principal is refused).
  expect(pull.Condition).toEqual({
    ArnEquals: {
      'aws:PrincipalArn': config.environments.map(
        (e) => `arn:aws:iam::${e.account}:role/${config.application}-${e.name}-task-exec-${regionCode(e.region)}`,
      ),
    },
  });
  // Expired by age only: a count could drop the image a lagging prod still runs.
  const rules = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText).rules;
  expect(rules.map((r: { selection: { countType: string } }) => r.selection.countType)).toEqual([
    'sinceImagePushed',
    'sinceImagePushed',
  ]);
  expect(rules[1].selection).toMatchObject({ tagStatus: 'any', countNumber: config.pipeline.imageRetentionDays });
});

test.each(delivered.map((e) => e.name))(
  '%s: CloudFormation, render, CodeDeploy blue/green (smoke inside it), bake, in order',
  (name) => {
    const order = [...stage(name).Actions]
      .sort((a, b) => a.RunOrder - b.RunOrder)
      .map((a) => (a.ActionTypeId.Provider === 'CodeBuild' ? a.Name : a.ActionTypeId.Provider));
    // The integration suite's source is handed over before the deployment whose gate runs it.
    expect(order).toEqual([
      'CloudFormation',
      'CloudFormation',
      'RepointListeners',
      'StageSuite',
      'Render',
      'CodeDeployToECS',
      'Bake',
    ]);
    const [deploy] = actionsOf(name, 'CodeDeployToECS');
    const renderOutput = stage(name).Actions.find((a) => a.Name === 'Render') as Action & {
      OutputArtifacts: { Name: string }[];
    };
    expect(deploy.Configuration).toEqual({
      ApplicationName: `${config.application}-${name}`,
      DeploymentGroupName: `${config.application}-${name}-bluegreen`,
      TaskDefinitionTemplateArtifact: renderOutput.OutputArtifacts[0].Name,
      TaskDefinitionTemplatePath: 'taskdef.json',
      AppSpecTemplateArtifact: renderOutput.OutputArtifacts[0].Name,
      AppSpecTemplatePath: 'appspec.yaml',
      Image1ArtifactName: renderOutput.OutputArtifacts[0].Name,
      Image1ContainerName: 'IMAGE1_NAME',
    });
  },
);

test('has no stage for a protected environment and no approval: it ends with the hand-off to the release pipeline', () => {
  const names = stages.map((s) => s.Name);
  expect(names).not.toContain('prod');
  expect(names.some((name) => name.startsWith('Approve'))).toBe(false);
  expect(stages.flatMap((s) => s.Actions).some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
  expect(names.at(-1)).toBe('HandOff');
  expect(stage('HandOff').Actions.map((a) => [a.Name, a.ActionTypeId.Provider])).toEqual([
    ['Hand-off-to-release-pipeline', 'CodeBuild'],
  ]);
  // staging has no deployment window.
  expect(stage('staging').BeforeEntry).toBeUndefined();
});

test('notifies one encrypted topic of failed and succeeded runs and waiting approvals', () => {
  template.resourceCountIs('AWS::SNS::Topic', 1);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
    EventTypeIds: [
      'codepipeline-pipeline-pipeline-execution-failed',
      'codepipeline-pipeline-pipeline-execution-succeeded',
      'codepipeline-pipeline-manual-approval-needed',
    ],
  });
});

test('encrypts the artifact bucket with a rotating key for cross-account deploys', () => {
  template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    ArtifactStore: { EncryptionKey: { Type: 'KMS', Id: Match.anyValue() }, Location: Match.anyValue(), Type: 'S3' },
  });
});

test("the scan gate's role may read the repository's scan findings, and Inspector's for enhanced scanning, nothing else", () => {
  const scan = stage('Image').Actions.find((a) => a.Name === 'ScanImage')!;
  const projectId = (scan.Configuration?.ProjectName as { Ref: string }).Ref;
  const roleId = template.toJSON().Resources[projectId].Properties.ServiceRole['Fn::GetAtt'][0] as string;
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
  const scanReads = statements.filter((s) =>
    [s.Action].flat().some((a) => /^(ecr:Describe|inspector2:)/.test(String(a))),
  );
  expect(scanReads.map((s) => [[s.Action].flat().sort(), s.Resource === '*' ? '*' : 'the repository'])).toEqual([
    [['ecr:DescribeImageScanFindings', 'ecr:DescribeImages'], 'the repository'],
    [['inspector2:ListFindings'], '*'],
  ]);
});

test('every project exports each variable once, and still exports what later steps read (the digest, the URL)', () => {
  const exported = Object.values(template.findResources('AWS::CodeBuild::Project')).flatMap((project) => {
    const spec = project.Properties.Source.BuildSpec;
    const names: string[] = typeof spec === 'string' ? (JSON.parse(spec).env?.['exported-variables'] ?? []) : [];
    return [names];
  });
  for (const names of exported) expect(names).toEqual([...new Set(names)]);
  const all = exported.flat();
  expect(all).toEqual(expect.arrayContaining(['IMAGE_DIGEST', 'SERVICE_URL', 'CANDIDATE_HASH']));
});

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { fixtureConfig, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

interface Resource {
  readonly Properties: Record<string, unknown> & { Source?: { BuildSpec?: string } };
}

/** The Build stage's actions in order, each with its project's buildspec. */
function buildStage(
  template: Template,
): { name: string; runOrder: number; spec: Record<string, unknown>; logicalId: string }[] {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as Resource;
  const stages = pipeline.Properties.Stages as {
    Name: string;
    Actions: { Name: string; RunOrder: number; Configuration: { ProjectName: { Ref: string } } }[];
  }[];
  const projects = template.findResources('AWS::CodeBuild::Project') as Record<string, Resource>;
  return stages
    .find((stage) => stage.Name === 'Build')!
    .Actions.map((action) => {
      const logicalId = action.Configuration.ProjectName.Ref;
      return {
        name: action.Name,
        runOrder: action.RunOrder,
        logicalId,
        spec: JSON.parse(projects[logicalId].Properties.Source!.BuildSpec!) as Record<string, unknown>,
      };
    });
}

describe('the Build stage of a Python application (test/fixtures/three-services.yaml)', () => {
  const template = synthesized(fixtureConfig('three-services')).pipeline;
  const [testAction, synth] = buildStage(template);

  test("runs the application's tests in a Test step of their own, then Synth", () => {
    expect([testAction.name, testAction.runOrder, synth.name, synth.runOrder]).toEqual(['Test', 1, 'Synth', 2]);
  });

  test('gives the tests Python 3.12 beside Node, and only their commands', () => {
    expect(testAction.spec).toMatchObject({
      phases: {
        install: { 'runtime-versions': { nodejs: 22, python: '3.12' } },
        build: { commands: ['python3 -m unittest discover -s tests -v'] },
      },
    });
    expect(testAction.spec).not.toHaveProperty('artifacts');
  });

  test('lets the Test step read the source but never write an artifact', () => {
    const projects = template.findResources('AWS::CodeBuild::Project') as Record<string, Resource>;
    const role = (projects[testAction.logicalId].Properties.ServiceRole as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: Match.arrayWith(['s3:DeleteObject*', 's3:PutObject*']),
          }),
        ]),
      },
    });
  });

  test('synthesizes without running any of the application test commands', () => {
    expect((synth.spec as { phases: { build: { commands: string[] } } }).phases.build.commands).toEqual([
      'npx --no bluegreen guardrails check --parameter "$GUARDRAILS_PARAMETER"',
      'npx --no bluegreen cdk synth --quiet',
      'npx --no bluegreen preflight cdk.out',
    ]);
  });
});

describe('the Build stage with build.test: none', () => {
  test('has the Synth step alone', () => {
    const config = { ...shippedConfig(), build: { test: 'none' as const } };
    expect(buildStage(synthesized(config).pipeline).map((a) => a.name)).toEqual(['Synth']);
  });
});

import type { JsonObject } from '../../../../core/preflight/json-value';
import { listenerRepointedAfterDeploy } from '../../../../core/preflight/rules/listener-repointed-after-deploy';
import { REPOINT_ENVIRONMENT } from '../../../../model/lambda-contracts';
import {
  action,
  assemblyOf,
  codeBuildProject,
  pipeline,
  ref,
  resource,
  runRule,
  stack,
  stage,
  STAGING,
} from '../harness';

const REPOINT = 'AWS_PROFILE=environment npx --no bluegreen listeners --repoint --invoke --environment "$ENVIRONMENT"';

/** The environment's stack: an ECS blue/green deployment group and (unless left out) its re-point function. */
const environment = (assemblyPath = 'assembly-app-staging', withFunction = true) =>
  stack('appstagingService', {
    stackName: 'app-staging-service',
    account: STAGING,
    assemblyPath,
    resources: {
      Group: resource('AWS::CodeDeploy::DeploymentGroup', {
        DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ECSServices: [{ ClusterName: 'app-staging', ServiceName: 'app-staging' }],
      }),
      ...(withFunction
        ? {
            Repoint: resource('AWS::Lambda::Function', {
              Environment: { Variables: { [REPOINT_ENVIRONMENT.services]: '[]' } },
            }),
          }
        : {}),
    },
  });

const at = (runOrder: number, spec: Parameters<typeof action>[0]): JsonObject => ({
  ...action(spec),
  RunOrder: runOrder,
});
const cfn = (runOrder: number, mode: string) =>
  at(runOrder, {
    name: `app-staging-service.${mode}`,
    provider: 'CloudFormation',
    category: 'Deploy',
    configuration: { StackName: 'app-staging-service', ActionMode: mode },
  });
const build = (runOrder: number, name: string) =>
  at(runOrder, { name, provider: 'CodeBuild', configuration: { ProjectName: ref(`${name}Project`) } });
const blueGreen = (runOrder: number) =>
  at(runOrder, { name: 'BlueGreen', provider: 'CodeDeployToECS', category: 'Deploy' });
const spec = (...commands: string[]) => JSON.stringify({ version: '0.2', phases: { build: { commands } } });

/** The delivery pipeline's stage: CloudFormation, then `actions` (with their projects' commands). */
function deliveryAssembly(actions: JsonObject[], commands: Record<string, string[]> = {}, withFunction = true) {
  const projects = Object.fromEntries(
    Object.entries(commands).map(([name, lines]) => [`${name}Project`, codeBuildProject(spec(...lines))]),
  );
  const tools = stack('app-pipeline', {
    resources: {
      Pipeline: pipeline([stage('staging', [cfn(1, 'CHANGE_SET_REPLACE'), cfn(2, 'CHANGE_SET_EXECUTE'), ...actions])]),
      ...projects,
    },
  });
  return assemblyOf(tools, environment('assembly-app-staging', withFunction));
}

describe('listener-repointed-after-deploy', () => {
  test('compliant: the re-point runs after the stack update and before the blue/green deployment', () => {
    const assembly = deliveryAssembly([build(3, 'Repoint'), build(4, 'Render'), blueGreen(5)], {
      Repoint: [REPOINT],
      Render: ['npx --no bluegreen render'],
    });

    expect(runRule(listenerRepointedAfterDeploy, assembly)).toEqual([]);
  });

  test('non-compliant: no step re-points the listeners after the stack update', () => {
    const assembly = deliveryAssembly([build(3, 'Render'), blueGreen(4)], { Render: ['npx --no bluegreen render'] });

    const findings = runRule(listenerRepointedAfterDeploy, assembly);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', stackName: 'app-pipeline', logicalId: 'Pipeline' });
    expect(findings[0].message).toContain(
      "stage 'staging' updates app-staging-service, which holds an ECS blue/green deployment group",
    );
    expect(findings[0].message).toContain("'bluegreen listeners --repoint --invoke'");
  });

  test('non-compliant: a step that re-points with its own ELB calls (no --invoke) does not count', () => {
    const direct = 'AWS_PROFILE=environment npx --no bluegreen listeners --repoint --environment "$ENVIRONMENT"';
    const assembly = deliveryAssembly([build(3, 'Repoint'), blueGreen(4)], { Repoint: [direct] });

    const findings = runRule(listenerRepointedAfterDeploy, assembly);

    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('would need write permissions that could send production anywhere');
  });

  test('non-compliant: the step invokes, but the updated stack holds no re-point function to invoke', () => {
    const assembly = deliveryAssembly([build(3, 'Repoint'), blueGreen(4)], { Repoint: [REPOINT] }, false);

    const findings = runRule(listenerRepointedAfterDeploy, assembly);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', stackName: 'app-staging-service' });
    expect(findings[0].message).toContain(
      'app-staging-service holds an ECS blue/green deployment group but no listener re-point function',
    );
  });

  test.each([
    ['before the stack update', [build(1, 'Repoint'), blueGreen(4)], [REPOINT]],
    ['after the blue/green deployment started', [blueGreen(3), build(4, 'Repoint')], [REPOINT]],
    ['only as a dry run', [build(3, 'Repoint'), blueGreen(4)], [`${REPOINT} --dry-run`]],
  ])('non-compliant: a re-point %s does not count', (_when, actions, lines) => {
    const assembly = deliveryAssembly(actions, { Repoint: lines });

    expect(runRule(listenerRepointedAfterDeploy, assembly)).toHaveLength(1);
  });

  test('a stage that deploys a stack without an ECS blue/green group needs no re-point', () => {
    const plain = stack('appstagingService', { stackName: 'app-staging-service', account: STAGING });
    const tools = stack('app-pipeline', {
      resources: {
        Pipeline: pipeline([stage('staging', [cfn(1, 'CHANGE_SET_REPLACE'), cfn(2, 'CHANGE_SET_EXECUTE')])]),
      },
    });

    expect(runRule(listenerRepointedAfterDeploy, assemblyOf(tools, plain))).toEqual([]);
  });

  describe('a release pipeline that deploys the stage assembly with cdk deploy (CodeBuild)', () => {
    const release = (withRepoint: boolean) => {
      const deploy = codeBuildProject(spec('cdk deploy --app "$CODEBUILD_SRC_DIR/cdk.out/$ASSEMBLY" --all'), {
        ASSEMBLY: 'assembly-app-staging',
      });
      const tools = stack('app-release', {
        resources: {
          Pipeline: pipeline([
            stage('staging', [build(1, 'Deploy'), ...(withRepoint ? [build(2, 'Repoint')] : []), blueGreen(4)]),
          ]),
          DeployProject: deploy,
          RepointProject: codeBuildProject(spec('bluegreen handoff verify .', REPOINT)),
        },
      });
      return assemblyOf(tools, environment());
    };

    test('compliant with the re-point right after Deploy', () => {
      expect(runRule(listenerRepointedAfterDeploy, release(true))).toEqual([]);
    });

    test('non-compliant without it', () => {
      const findings = runRule(listenerRepointedAfterDeploy, release(false));

      expect(findings.map((f) => f.message)).toEqual([
        expect.stringContaining("stage 'staging' updates app-staging-service"),
      ]);
    });
  });
});

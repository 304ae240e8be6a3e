import { taskImageRegion } from '../../../../core/preflight/rules/task-image-region';
import type { JsonValue } from '../../../../core/preflight/json-value';
import { assemblyOf, getAtt, resource, runRule, severities, stack } from '../harness';

const image = (region: string): JsonValue => ({
  'Fn::Join': ['', [`111111111111.dkr.ecr.${region}.`, { Ref: 'AWS::URLSuffix' }, '/shop/web:commit-1']],
});
const taskDefinition = (img: JsonValue, role = 'ExecutionRole') =>
  resource('AWS::ECS::TaskDefinition', {
    ExecutionRoleArn: getAtt(role),
    ContainerDefinitions: [
      { Name: 'app', Image: img },
      { Name: 'proxy', Image: 'public.ecr.aws/nginx/nginx:1' },
    ],
  });
const executionRole = resource('AWS::IAM::Role', { AssumeRolePolicyDocument: {} });
const pullPolicy = (repositoryArn: string) =>
  resource('AWS::IAM::Policy', {
    Roles: [{ Ref: 'ExecutionRole' }],
    PolicyDocument: {
      Statement: [
        { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: repositoryArn },
      ],
    },
  });
const environment = (img: JsonValue, policyArn: string) =>
  assemblyOf(
    stack('Prod', {
      region: 'eu-west-1',
      resources: { Task: taskDefinition(img), ExecutionRole: executionRole, Pull: pullPolicy(policyArn) },
    }),
  );

test("accepts an image of the task's region that the execution role may pull (other registries are not judged)", () => {
  expect(
    runRule(taskImageRegion, environment(image('eu-west-1'), 'arn:aws:ecr:eu-west-1:111111111111:repository/shop/web')),
  ).toEqual([]);
});

test('refuses an image pulled from another region, naming the container and both regions', () => {
  const findings = runRule(
    taskImageRegion,
    environment(image('eu-central-1'), 'arn:aws:ecr:eu-central-1:111111111111:repository/shop/web'),
  );
  expect(severities(findings)).toEqual(['error']);
  expect(findings[0].message).toContain(
    "container 'app' pulls shop/web from eu-central-1, not the task's region eu-west-1",
  );
});

test('refuses an image whose repository the execution role may not pull', () => {
  const findings = runRule(
    taskImageRegion,
    environment(image('eu-west-1'), 'arn:aws:ecr:eu-west-1:111111111111:repository/shop/other'),
  );
  expect(severities(findings)).toEqual(['error']);
  expect(findings[0].message).toContain("execution role 'ExecutionRole' may not ecr:BatchGetImage on shop/web");
});

test('warns when the execution role is not in the stack', () => {
  const assembly = assemblyOf(
    stack('Prod', { region: 'eu-west-1', resources: { Task: taskDefinition(image('eu-west-1'), 'Elsewhere') } }),
  );
  expect(severities(runRule(taskImageRegion, assembly))).toEqual(['warning']);
});

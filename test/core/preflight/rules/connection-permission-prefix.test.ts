import { connectionPermissionPrefix } from '../../../../core/preflight/rules/connection-permission-prefix';
import {
  action,
  assemblyOf,
  attachedPolicy,
  getAtt,
  pipeline,
  role,
  runRule,
  severities,
  stack,
  stage,
  statement,
} from '../harness';

const CONNECTION = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc';
const LEGACY_CONNECTION = 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/abc';

function assemblyWith(connectionArn: string, granted: string, actionRoleArn?: string, pipelineRoleArn?: string) {
  const source = action({
    name: 'Source',
    provider: 'CodeStarSourceConnection',
    category: 'Source',
    configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'org/repo', BranchName: 'main' },
    roleArn: actionRoleArn === undefined ? undefined : getAtt(actionRoleArn),
  });
  return assemblyOf(
    stack('app-pipeline', {
      resources: {
        Pipeline: pipeline(
          [stage('Source', [source])],
          pipelineRoleArn === undefined ? {} : { RoleArn: pipelineRoleArn },
        ),
        PipelineRole: role(),
        PipelinePolicy: attachedPolicy('PipelineRole', statement(granted, connectionArn)),
        SourceRole: role(),
        SourcePolicy: attachedPolicy('SourceRole', statement('codeconnections:UseConnection', connectionArn)),
      },
    }),
  );
}

describe('connection-permission-prefix', () => {
  test.each([
    [CONNECTION, 'codeconnections:UseConnection'],
    [LEGACY_CONNECTION, 'codestar-connections:UseConnection'],
    [CONNECTION, 'codeconnections:*'],
  ])('compliant: a %s connection with %s on the pipeline role', (arn, granted) => {
    expect(runRule(connectionPermissionPrefix, assemblyWith(arn, granted))).toEqual([]);
  });

  test("compliant: the action's own role is checked rather than the pipeline's", () => {
    expect(runRule(connectionPermissionPrefix, assemblyWith(CONNECTION, 's3:GetObject', 'SourceRole'))).toEqual([]);
  });

  test('non-compliant: a codeconnections ARN with only codestar-connections granted is an error saying so', () => {
    const findings = runRule(
      connectionPermissionPrefix,
      assemblyWith(CONNECTION, 'codestar-connections:UseConnection'),
    );
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('granted only codestar-connections:UseConnection');
    expect(findings[0].message).toContain('grant codeconnections:UseConnection');
  });

  test('non-compliant: the legacy prefix needs its own permission too', () => {
    const findings = runRule(
      connectionPermissionPrefix,
      assemblyWith(LEGACY_CONNECTION, 'codeconnections:UseConnection'),
    );
    expect(findings[0].message).toContain('grant codestar-connections:UseConnection');
  });

  test('warning: a role outside the assembly cannot be checked', () => {
    const elsewhere = 'arn:aws:iam::111111111111:role/elsewhere';
    const assembly = assemblyWith(CONNECTION, 'codeconnections:UseConnection', undefined, elsewhere);
    expect(severities(runRule(connectionPermissionPrefix, assembly))).toEqual(['warning']);
  });
});

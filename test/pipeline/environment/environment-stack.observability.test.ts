import { deployingAccountOf } from '../../../model/release-split';
import { shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

const config = shippedConfig();
const { environments } = synthesized(config);
const environmentOf = (name: string) => config.environments.find((e) => e.name === name)!;

describe.each(Object.entries(environments))('the %s service stack', (name, template) => {
  test('has a dashboard with blue and green side by side, tasks, CPU/memory and the rollback alarms', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe(`${config.application}-${name}`);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const expected of [
      'service: requests',
      'service: target 5xx',
      'service: p99 latency',
      'service: healthy targets',
      'service: running tasks',
      'service: CPU / memory',
      'Rollback alarms',
    ]) {
      expect(body).toContain(expected);
    }
    expect(body).toContain('\\"label\\":\\"blue\\"');
    expect(body).toContain('\\"label\\":\\"green\\"');
  });

  test("notifies an encrypted topic of this environment's failed and succeeded deployments (a rolled-back one ends as failed)", () => {
    const rules = Object.values(template.findResources('AWS::CodeStarNotifications::NotificationRule'));
    expect(rules).toHaveLength(1);
    const rule = rules[0].Properties;
    expect(rule.EventTypeIds).toEqual([
      'codedeploy-application-deployment-failed',
      'codedeploy-application-deployment-succeeded',
    ]);
    // It watches this environment's CodeDeploy application, the one the deployment group belongs to.
    const [applicationId] = Object.keys(template.findResources('AWS::CodeDeploy::Application'));
    template.hasResourceProperties('AWS::CodeDeploy::Application', {
      ApplicationName: `${config.application}-${name}`,
      ComputePlatform: 'ECS',
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { ApplicationName: { Ref: applicationId } });
    const { account, region } = environmentOf(name);
    expect(rule.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          expect.stringMatching(`^arn:aws[a-z-]*:codedeploy:${region}:${account}:application:$`),
          { Ref: applicationId },
        ],
      ],
    });
    // Its one target is the deployment topic (the other topic carries operational alarms), encrypted with a
    // key of this stack.
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics).sort()).toEqual([
      expect.stringMatching(/^Alarms/),
      expect.stringMatching(/^Notifications/),
    ]);
    const topicId = Object.keys(topics).find((id) => id.startsWith('Notifications'))!;
    expect(rule.Targets).toEqual([{ TargetType: 'SNS', TargetAddress: { Ref: topicId } }]);
    const key = topics[topicId].Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] };
    expect(key).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    expect(template.findResources('AWS::KMS::Key')).toHaveProperty(key['Fn::GetAtt'][0]);
  });

  test("lets the deploying pipeline's account read task definitions and the rollback alarm, nothing more", () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')).filter((r) =>
      [`${config.application}-${name}-taskdef-reader-euw1`, `${config.application}-${name}-alarm-reader-euw1`].includes(
        r.Properties.RoleName,
      ),
    );
    expect(roles).toHaveLength(2);
    const actions = roles.flatMap((r) =>
      r.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: { Action: string }[] } }) =>
        p.PolicyDocument.Statement.map((s) => s.Action),
      ),
    );
    expect(actions.sort()).toEqual(['cloudwatch:DescribeAlarms', 'ecs:DescribeTaskDefinition']);
    for (const role of roles) {
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(
        `:iam::${deployingAccountOf(config, environmentOf(name))}:root`,
      );
    }
  });
});

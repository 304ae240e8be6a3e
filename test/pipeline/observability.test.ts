import { Match } from 'aws-cdk-lib/assertions';
import { shippedConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

const config = shippedConfig();
const { environments } = synthesized(config);

describe.each(Object.entries(environments))('the %s service stack', (name, template) => {
  test('has a dashboard with blue and green side by side, tasks, CPU/memory and the rollback alarms', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe(`${config.application}-${name}`);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const expected of [
      'Requests',
      'Target 5xx',
      'p99 latency',
      'Healthy targets',
      'Running tasks',
      'CPU / memory',
      'Rollback alarms',
    ]) {
      expect(body).toContain(expected);
    }
    expect(body).toContain('\\"label\\":\\"blue\\"');
    expect(body).toContain('\\"label\\":\\"green\\"');
  });

  test('notifies an encrypted topic of failed deployments (a rolled-back deployment ends as failed)', () => {
    template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
      EventTypeIds: ['codedeploy-application-deployment-failed', 'codedeploy-application-deployment-succeeded'],
      Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('lets the pipeline account read task definitions and the rollback alarm, nothing more', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')).filter((r) =>
      [`${config.application}-${name}-taskdef-reader`, `${config.application}-${name}-alarm-reader`].includes(
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
        `:iam::${config.pipeline.account}:root`,
      );
    }
  });
});

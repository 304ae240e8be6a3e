import { checkProtectedTemplate, type TemplateJson } from '../../../core/guardrails';
import { fixtureConfig, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';
import { exampleGuardrails, guardrailsWith } from './fixtures';

// GIVEN prod's service stack of the shipped configuration, as synthesized (what a candidate holds for prod).
const prodTemplate = synthesized(shippedConfig()).environments.prod.toJSON() as TemplateJson;

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** A copy of prod's template with `change` applied to its resources. */
function changed(change: (resources: Resources) => void): TemplateJson {
  const copy = structuredClone(prodTemplate) as { Resources: Resources };
  change(copy.Resources);
  return copy as TemplateJson;
}
const ofType = (resources: Resources, type: string) => Object.values(resources).filter((r) => r.Type === type);
const group = (resources: Resources) => ofType(resources, 'AWS::CodeDeploy::DeploymentGroup')[0].Properties;
const judged = (template: TemplateJson, guardrails = exampleGuardrails()) =>
  checkProtectedTemplate(template, 'prod', guardrails).map(
    (v) => `${v.path.replace(/[A-F0-9]{8}\b/g, '')}: ${v.found}`,
  );

describe("checkProtectedTemplate judges a protected stack's templates, not its configuration", () => {
  test("prod's synthesized stack meets the example guardrails", () => {
    expect(judged(prodTemplate)).toEqual([]);
  });

  test('refuses all traffic at once, explicitly or by leaving the config out', () => {
    const explicit = changed((r) => (group(r).DeploymentConfigName = 'CodeDeployDefault.ECSAllAtOnce'));
    const absent = changed((r) => delete group(r).DeploymentConfigName);
    expect(judged(explicit)).toEqual([expect.stringMatching(/\.DeploymentConfigName: all traffic at once$/)]);
    expect(judged(absent)).toEqual([expect.stringMatching(/\.DeploymentConfigName: all traffic at once$/)]);
    expect(
      judged(
        explicit,
        guardrailsWith((g) => (g.protectedEnvironments.deployment.allowAllAtOnce = true)),
      ),
    ).toEqual([]);
  });

  test('admits all traffic at once behind a Network Load Balancer, the only config CodeDeploy offers there', () => {
    const template = changed((r) => {
      group(r).DeploymentConfigName = 'CodeDeployDefault.ECSAllAtOnce';
      for (const tg of ofType(r, 'AWS::ElasticLoadBalancingV2::TargetGroup')) tg.Properties.Protocol = 'TCP';
    });
    // Only the deployment config: the ALB's alarms left in this made-up NLB are another check's (the namespace).
    expect(judged(template).filter((line) => line.includes('DeploymentConfigName'))).toEqual([]);
  });

  test('refuses a deployment group that no longer rolls back on its alarms', () => {
    const template = changed((r) => ((group(r).AlarmConfiguration as { Enabled: boolean }).Enabled = false));
    expect(judged(template)).toEqual([expect.stringMatching(/\.AlarmConfiguration: no rollback on alarm$/)]);
  });

  test('refuses a rollback alarm above the thresholds', () => {
    const template = changed((r) => {
      for (const alarm of ofType(r, 'AWS::CloudWatch::Alarm')) {
        if (alarm.Properties.MetricName === 'TargetResponseTime') alarm.Properties.Threshold = 60;
      }
    });
    const found = judged(template);
    expect(found).toHaveLength(2); // blue and green latency alarms
    for (const line of found) expect(line).toMatch(/\.Threshold: 60 on TargetResponseTime$/);
  });

  test('refuses rollback alarms that can never fire: falling, on another namespace, on a load balancer not in the template', () => {
    const rollbackAlarms = (r: Resources) =>
      ofType(r, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'HTTPCode_Target_5XX_Count');
    const falling = changed((r) => {
      for (const alarm of rollbackAlarms(r)) alarm.Properties.ComparisonOperator = 'LessThanThreshold';
    });
    expect(judged(falling)).toEqual(Array(2).fill(expect.stringMatching(/\.ComparisonOperator: LessThanThreshold$/)));
    const elsewhere = changed((r) => {
      for (const alarm of rollbackAlarms(r)) {
        alarm.Properties.Namespace = 'Custom/Quiet';
        alarm.Properties.Dimensions = [{ Name: 'LoadBalancer', Value: 'app/not-this-one/0123456789abcdef' }];
      }
    });
    expect(judged(elsewhere)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.Namespace: Custom\/Quiet$/),
        expect.stringMatching(/\.Dimensions: dimensions \["LoadBalancer"\] that do not name exactly the deployment's/),
      ]),
    );
    expect(judged(elsewhere)).toHaveLength(4);
  });

  test('refuses rollback alarms moved to a metric no guardrail bounds, to a statistic that does not rise, or to a long period', () => {
    // The attacker's: every rollback alarm on RequestCount, above any traffic, once a day.
    const unbounded = changed((r) => {
      for (const alarm of ofType(r, 'AWS::CloudWatch::Alarm').filter(
        (a) => a.Properties.Namespace === 'AWS/ApplicationELB',
      )) {
        Object.assign(alarm.Properties, { MetricName: 'RequestCount', Threshold: 1e12, Period: 86400 });
      }
    });
    const found = judged(unbounded);
    expect(found.filter((line) => /\.MetricName: RequestCount$/.test(line))).toHaveLength(6);
    expect(found.filter((line) => /\.Period: 86400$/.test(line))).toHaveLength(6);
    const minimum = changed((r) => {
      for (const alarm of ofType(r, 'AWS::CloudWatch::Alarm')) {
        if (alarm.Properties.MetricName === 'TargetResponseTime') {
          delete alarm.Properties.ExtendedStatistic;
          alarm.Properties.Statistic = 'Minimum';
        }
      }
    });
    expect(judged(minimum)).toEqual(
      Array(2).fill(expect.stringMatching(/\.Statistic: Minimum of TargetResponseTime$/)),
    );
  });

  test('refuses rollback alarms left without data: a unit, another dimension name, a value around the reference, an idle target group', () => {
    const elb = (r: Resources) =>
      ofType(r, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.Namespace === 'AWS/ApplicationELB');
    const dimensions = (a: { Properties: Record<string, unknown> }) =>
      a.Properties.Dimensions as { Name: string; Value: unknown }[];
    const unit = changed((r) => elb(r).forEach((a) => (a.Properties.Unit = 'Kilobytes')));
    expect(judged(unit).filter((line) => /\.Unit: Kilobytes$/.test(line))).toHaveLength(6);
    const renamed = changed((r) => elb(r).forEach((a) => (dimensions(a)[0].Name = 'LoadBalancerX')));
    const junk = changed((r) =>
      elb(r).forEach((a) => (dimensions(a)[0].Value = { 'Fn::Join': ['nope/', [dimensions(a)[0].Value]] })),
    );
    const idle = changed((r) => {
      r.IdleTargetGroup = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} };
      for (const a of elb(r)) dimensions(a)[1].Value = { 'Fn::GetAtt': ['IdleTargetGroup', 'TargetGroupFullName'] };
    });
    for (const template of [renamed, junk, idle]) {
      const found = judged(template).filter((line) => line.includes('.Dimensions: dimensions'));
      expect(found).toHaveLength(6);
    }
  });

  test('refuses alarms that get no data: a target-group metric without its TargetGroup, another load balancer type, a target group left unwatched', () => {
    const unhealthy = (r: Resources) =>
      ofType(r, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'UnHealthyHostCount');
    const noTargetGroup = changed((r) =>
      unhealthy(r).forEach((a) => {
        a.Properties.Dimensions = (a.Properties.Dimensions as { Name: string }[]).filter(
          (d) => d.Name !== 'TargetGroup',
        );
      }),
    );
    const found = judged(noTargetGroup);
    expect(found.filter((line) => /Dimensions: dimensions \["LoadBalancer"\]/.test(line))).toHaveLength(2);
    expect(found).toEqual(
      expect.arrayContaining([expect.stringMatching(/AlarmConfiguration: no UnHealthyHostCount rollback alarm on /)]),
    );
    const nlbNamespace = changed((r) => unhealthy(r).forEach((a) => (a.Properties.Namespace = 'AWS/NetworkELB')));
    expect(judged(nlbNamespace).filter((line) => /\.Namespace: AWS\/NetworkELB$/.test(line))).toHaveLength(2);
  });

  test('refuses a metric alarm that takes the name the bake watches', () => {
    const renamed = changed((r) => {
      const [alarm] = ofType(r, 'AWS::CloudWatch::Alarm');
      alarm.Properties.AlarmName = 'sample-prod-rollback-any';
    });
    expect(judged(renamed)).toEqual(
      expect.arrayContaining([expect.stringMatching(/AlarmName: metric alarm named sample-prod-rollback-any$/)]),
    );
  });

  test("refuses a composite alarm (the bake's) that cannot fire, or leaves a rollback alarm out", () => {
    const composite = (r: Resources) => ofType(r, 'AWS::CloudWatch::CompositeAlarm')[0];
    const never = changed((r) => (composite(r).Properties.AlarmRule = 'FALSE'));
    expect(judged(never)).toEqual([expect.stringMatching(/AnyRollbackAlarm\.AlarmRule: a rule with FALSE$/)]);
    const partial = changed((r) => {
      const rule = composite(r).Properties.AlarmRule as { 'Fn::Join': [string, unknown[]] };
      // Only the first alarm: ['(ALARM("', GetAtt, '")', ')'].
      composite(r).Properties.AlarmRule = { 'Fn::Join': ['', [rule['Fn::Join'][1][0], rule['Fn::Join'][1][1], '")']] };
    });
    expect(judged(partial)).toEqual([expect.stringMatching(/AnyRollbackAlarm\.AlarmRule: a rule without /)]);
  });

  test('refuses a resource type the tool does not write (its policies go unread) unless the guardrails admit it', () => {
    const template = changed((r) => {
      r.Table = {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          ResourcePolicy: { PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] } },
        },
      };
    });
    expect(judged(template)).toEqual(['prod/Table: a resource of type AWS::DynamoDB::Table']);
    const admitting = guardrailsWith((g) => (g.protectedEnvironments.allowResourceTypes = ['AWS::DynamoDB::Table']));
    expect(judged(template, admitting)).toEqual([]);
  });

  test('refuses a deployment group that goes on when its alarms cannot be read', () => {
    const template = changed(
      (r) => ((group(r).AlarmConfiguration as { IgnorePollAlarmFailure?: boolean }).IgnorePollAlarmFailure = true),
    );
    expect(judged(template)).toEqual([expect.stringMatching(/\.AlarmConfiguration\.IgnorePollAlarmFailure: true$/)]);
  });

  test('refuses hooks that run fewer checks than the minimum, or checks it cannot read', () => {
    const fewer = judged(
      prodTemplate,
      guardrailsWith((g) => (g.protectedEnvironments.minChecks = 5)),
    );
    expect(fewer).toEqual([
      expect.stringMatching(/LifecycleHookFunction.*CHECKS: 2 checks$/),
      expect.stringMatching(/SmokeHookFunction.*CHECKS: 2 checks$/),
    ]);
    const token = changed((r) => {
      for (const fn of ofType(r, 'AWS::Lambda::Function')) {
        const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
        if (variables?.CHECKS !== undefined) variables.CHECKS = { 'Fn::ImportValue': 'checks' };
      }
    });
    expect(judged(token)).toEqual([
      expect.stringMatching(/CHECKS: checks this check cannot read$/),
      expect.stringMatching(/CHECKS: checks this check cannot read$/),
    ]);
  });

  test("judges the databases' TLS (protected-database.ts) unless the guardrails allow connections without it", () => {
    // data-app's prod shifts its traffic all at once, which these guardrails allow so that only TLS is judged.
    const dataApp = synthesized(fixtureConfig('data-app')).environments.prod.toJSON() as { Resources: Resources };
    const withoutTls = structuredClone(dataApp);
    for (const group of ofType(withoutTls.Resources, 'AWS::RDS::DBParameterGroup')) {
      (group.Properties.Parameters as Record<string, string>).require_secure_transport = '0';
    }
    const allAtOnce = guardrailsWith((g) => (g.protectedEnvironments.deployment.allowAllAtOnce = true));
    expect(judged(dataApp as TemplateJson, allAtOnce)).toEqual([]);
    expect(judged(withoutTls as TemplateJson, allAtOnce)).toEqual([
      expect.stringMatching(/Parameters\.require_secure_transport: 0 \(connections without TLS accepted by /),
    ]);
    const allowing = guardrailsWith((g) => {
      g.protectedEnvironments.deployment.allowAllAtOnce = true;
      g.protectedEnvironments.database.allowWithoutTls = true;
    });
    expect(judged(withoutTls as TemplateJson, allowing)).toEqual([]);
  });
});

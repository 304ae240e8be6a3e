import { entryConditionSkip } from '../../../../core/preflight/rules/entry-condition-skip';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { action, assemblyOf, conditionRule, pipeline, runRule, severities, stack, stage } from '../harness';

const deploy = action({ name: 'Deploy', provider: 'CloudFormation', category: 'Deploy' });
const approve = action({ name: 'Approve', provider: 'Manual', category: 'Approval' });
const windowRule = conditionRule('DeploymentWindow', undefined, { Cron: '* * 8-15 ? * MON-THU', TimeZone: 'UTC' });

const entry = (Result: string, ...rules: JsonObject[]) => ({ BeforeEntry: { Conditions: [{ Result, Rules: rules }] } });
const check = (...stages: JsonObject[]) =>
  runRule(entryConditionSkip, assemblyOf(stack('app', { resources: { Pipeline: pipeline(stages) } })));

describe('entry-condition-skip', () => {
  test.each(['LambdaInvoke', 'VariableCheck'])('compliant: SKIP with a %s rule', (provider) => {
    expect(check(stage('prod', [deploy], entry('SKIP', conditionRule(provider))))).toEqual([]);
  });

  test('compliant: a deployment window with FAIL, and the approval in the stage before', () => {
    expect(check(stage('approve', [approve]), stage('prod', [deploy], entry('FAIL', windowRule)))).toEqual([]);
  });

  test('non-compliant: SKIP with a DeploymentWindow rule is an error naming the rule', () => {
    const findings = check(stage('prod', [deploy], entry('SKIP', conditionRule('LambdaInvoke'), windowRule)));
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain("'DeploymentWindowRule' (DeploymentWindow)");
  });

  test('non-compliant: an approval inside a stage entered through a deployment window', () => {
    const findings = check(stage('prod', [approve, deploy], entry('FAIL', windowRule)));
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain("approval 'Approve'");
  });

  test('compliant: an approval in a stage whose window is an OnSuccess condition is not this rule', () => {
    expect(
      check(stage('prod', [approve, deploy], { OnSuccess: { Conditions: [{ Result: 'FAIL', Rules: [windowRule] }] } })),
    ).toEqual([]);
  });
});

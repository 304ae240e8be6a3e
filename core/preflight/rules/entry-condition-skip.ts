import { pipelinesOf } from '../pipelines';
import type { Rule, RuleFinding } from '../rule';

const SKIPPABLE_RULES = ['LambdaInvoke', 'VariableCheck'];

/**
 * An entry condition may SKIP its stage only with LambdaInvoke or VariableCheck rules; and a deployment
 * window on entry does not hold back an approval that waits inside the same stage.
 */
export const entryConditionSkip: Rule = {
  id: 'entry-condition-skip',
  severity: 'error',
  title: 'Entry conditions: SKIP only with LambdaInvoke/VariableCheck; no approval inside a windowed stage',
  awsBehaviour:
    'An entry condition whose result is Skip supports only LambdaInvoke and VariableCheck rules. An entry condition ' +
    'is checked once, when the stage is entered, so an approval inside the stage can be given outside the window.',
  docUrl: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html',
  check: (assembly) =>
    pipelinesOf(assembly).flatMap((pipeline) =>
      pipeline.stages.flatMap((stage): RuleFinding[] => {
        const where = { stack: pipeline.stack, logicalId: pipeline.logicalId, resource: pipeline.resource };
        const entry = stage.conditions.filter((c) => c.kind === 'BeforeEntry');
        const unsupported = entry
          .filter((c) => c.result.toUpperCase() === 'SKIP')
          .flatMap((c) => c.rules.filter((r) => !SKIPPABLE_RULES.includes(r.provider)));
        const skipFindings = unsupported.map((rule): RuleFinding => ({
          ...where,
          severity: 'error',
          message:
            `stage '${stage.name}' has an entry condition with result SKIP and rule '${rule.name}' (${rule.provider}), ` +
            `which CodePipeline refuses: SKIP works only with ${SKIPPABLE_RULES.join(' or ')} rules; use result FAIL`,
        }));
        const windowed = entry.some((c) => c.rules.some((r) => r.provider === 'DeploymentWindow'));
        const approvals = windowed ? stage.actions.filter((a) => a.provider === 'Manual') : [];
        const approvalFindings = approvals.map((approval): RuleFinding => ({
          ...where,
          severity: 'error',
          message:
            `stage '${stage.name}' has a DeploymentWindow entry condition and the approval '${approval.name}' inside it: ` +
            'the approval waits after the window was checked, so a late approval deploys outside the window; ' +
            'move the approval to a stage before it',
        }));
        return [...skipFindings, ...approvalFindings];
      }),
    ),
};

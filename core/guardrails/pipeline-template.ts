import type { GuardrailsV2 } from './schema';
import type { Violation } from './violation';

/** A CloudFormation template as JSON. */
export interface TemplateJson {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
}

interface ActionJson {
  readonly Name: string;
  readonly ActionTypeId: { readonly Category: string; readonly Provider: string };
  readonly RoleArn?: unknown;
  readonly Configuration?: Record<string, unknown>;
}

interface StageJson {
  readonly Name: string;
  readonly Actions: readonly ActionJson[];
  readonly BeforeEntry?: { readonly Conditions?: readonly { readonly Rules?: readonly RuleJson[] }[] };
}

interface RuleJson {
  readonly RuleTypeId?: { readonly Provider?: string };
  readonly Configuration?: { readonly Cron?: string };
}

/**
 * Judges the synthesized pipeline, not the configuration: whatever code or entry point produced it, every action
 * that can act in a protected account (its role, its configuration, or for a CodeBuild action its project and every
 * policy of the project's role names the account) must come after a stage that holds a manual approval, and every
 * stage that deploys there (a Deploy action) must have a DeploymentWindow entry condition no wider than the
 * guardrails allow. `pipelineStack` names the template in messages.
 */
export function checkPipelineTemplate(
  template: TemplateJson,
  pipelineStack: string,
  guardrails: GuardrailsV2,
): Violation[] {
  const resources = template.Resources ?? {};
  const violations: Violation[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::CodePipeline::Pipeline') continue;
    const stages = (resource.Properties?.Stages ?? []) as readonly StageJson[];
    let approved = false;
    stages.forEach((stage, s) => {
      const at = `${pipelineStack}/${id}.Stages[${s}] (${stage.Name})`;
      let deploys: string | undefined;
      for (const action of stage.Actions) {
        const reached = guardrails.protectedAccounts.filter((account) => reach(action, resources).includes(account));
        if (reached.length === 0) continue;
        if (!approved) {
          violations.push({
            path: `${at}.${action.Name}`,
            found: `${action.ActionTypeId.Category}/${action.ActionTypeId.Provider} action that can act in protected account ${reached.join(', ')} with no manual approval in an earlier stage`,
            required: 'a stage with a manual approval before any action that reaches a protected account',
          });
        }
        if (action.ActionTypeId.Category === 'Deploy') deploys = reached[0];
      }
      if (deploys !== undefined) violations.push(...checkWindow(stage, at, deploys, guardrails));
      // An approval counts for the stages after its own: actions beside it run without waiting for it.
      if (stage.Actions.some((a) => a.ActionTypeId.Category === 'Approval' && a.ActionTypeId.Provider === 'Manual')) {
        approved = true;
      }
    });
  }
  return violations;
}

/** The text of everything that decides where an action acts: its own declaration, and a CodeBuild project's role. */
function reach(action: ActionJson, resources: NonNullable<TemplateJson['Resources']>): string {
  const parts: unknown[] = [action.RoleArn, action.Configuration];
  const project = logicalId(action.Configuration?.ProjectName);
  if (project !== undefined && resources[project] !== undefined) {
    const projectJson = resources[project];
    parts.push(projectJson);
    const role = logicalId(projectJson.Properties?.ServiceRole);
    if (role !== undefined) {
      parts.push(resources[role]);
      for (const resource of Object.values(resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        const roles = (resource.Properties?.Roles ?? []) as unknown[];
        if (roles.some((r) => logicalId(r) === role)) parts.push(resource);
      }
    }
  }
  // An account named only to be excluded (`StringNotEquals aws:ResourceAccount`) is no reach.
  return JSON.stringify(parts, (key, value: unknown) =>
    key === 'StringNotEquals' && typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k.toLowerCase() !== 'aws:resourceaccount'))
      : value,
  );
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
function logicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function checkWindow(stage: StageJson, at: string, account: string, guardrails: GuardrailsV2): Violation[] {
  const limit = guardrails.protectedEnvironments.deploymentWindow;
  const crons = (stage.BeforeEntry?.Conditions ?? [])
    .flatMap((c) => c.Rules ?? [])
    .filter((r) => r.RuleTypeId?.Provider === 'DeploymentWindow')
    .map((r) => r.Configuration?.Cron ?? '');
  if (crons.length === 0) {
    return [
      {
        path: `${at}.BeforeEntry`,
        found: `no DeploymentWindow condition on a stage that deploys to protected account ${account}`,
        required: `a DeploymentWindow entry condition of at most ${limit.maxHoursPerDay} hours a day on at most ${limit.maxDaysPerWeek} days`,
      },
    ];
  }
  return crons.flatMap((cron): Violation[] => {
    const { hours, days } = windowWidth(cron);
    return hours > limit.maxHoursPerDay || days > limit.maxDaysPerWeek
      ? [
          {
            path: `${at}.BeforeEntry`,
            found: `DeploymentWindow '${cron}' (${hours} hours a day on ${days} days)`,
            required: `at most ${limit.maxHoursPerDay} hours a day on at most ${limit.maxDaysPerWeek} days`,
          },
        ]
      : [];
  });
}

/**
 * Hours a day and days a week a CodePipeline cron (`sec min hour day-of-month month day-of-week`) opens for. Any
 * form this does not read (steps, several ranges) counts as open all day, every day: unknown means too wide.
 */
export function windowWidth(cron: string): { hours: number; days: number } {
  const fields = cron.trim().split(/\s+/);
  return { hours: count(fields[2], 24), days: count(fields[5], 7) };
}

function count(field: string | undefined, all: number): number {
  if (field === undefined || field === '*' || field === '?') return all;
  const range = /^(\d{1,2})-(\d{1,2})$/.exec(field);
  if (range) return Math.max(0, Number(range[2]) - Number(range[1]) + 1);
  if (/^\d{1,2}$/.test(field)) return 1;
  if (/^[A-Z]{3}(,[A-Z]{3})*$/.test(field)) return field.split(',').length;
  return all;
}

import { createOnlyPaths, overlaps, stackOutputUses, type StackOutputUse } from '../create-only-properties';
import { pathOf } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { textOf, type ResourceRef } from '../template-values';

/**
 * `Fn::GetStackOutput` is resolved when the change set executes; a create-only property that takes it
 * cannot be compared before, so CloudFormation plans to replace the resource whenever the stack updates.
 */
export const stackOutputCreateOnly: Rule = {
  id: 'stack-output-create-only',
  severity: 'error',
  title: 'No Fn::GetStackOutput in a create-only property',
  awsBehaviour:
    'Fn::GetStackOutput is resolved at stack create or update time (its reference page), so a change set cannot ' +
    'know the value beforehand; one reported on the CloudFormation coverage roadmap (issue 2559) shows it as ' +
    '{{changeSet:KNOWN_AFTER_APPLY}} with Replacement: True for a property the resource schema lists in ' +
    'createOnlyProperties: a replacement, which fails for a fixed physical name and loses what the resource holds.',
  docUrl:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources).flatMap(([logicalId, resource]) =>
        findingsOf({ stack, logicalId, resource }),
      ),
    ),
};

function findingsOf(ref: ResourceRef): RuleFinding[] {
  const uses = stackOutputUses(ref.resource.Properties);
  if (uses.length === 0) return [];
  const type = ref.resource.Type;
  const paths = createOnlyPaths(type);
  const at = { stack: ref.stack, logicalId: ref.logicalId, resource: ref.resource };
  if (paths === undefined) {
    // Custom resources have no schema; an AWS type missing from the table is a table to regenerate.
    if (!type.startsWith('AWS::')) return [];
    return [
      {
        ...at,
        severity: 'warning',
        message:
          `${type} takes Fn::GetStackOutput at ${uses.map((u) => propertyName(u.path)).join(', ')}, and the ` +
          'create-only table (core/preflight/create-only-properties.json) does not know the type, so preflight ' +
          'cannot tell whether that property is create-only: regenerate the table with ' +
          'scripts/write-create-only-properties.ts',
      },
    ];
  }
  return uses.flatMap((use): RuleFinding[] => {
    const hit =
      paths.find((p) => p.replacement === 'always' && overlaps(use.path, p.path)) ??
      paths.find((p) => overlaps(use.path, p.path));
    if (hit === undefined) return [];
    const always = hit.replacement === 'always';
    return [
      {
        ...at,
        severity: always ? 'error' : 'warning',
        message:
          `${propertyName(use.path)} of ${type} takes ${describe(use)}, and ${propertyName(hit.path)} is ` +
          `${always ? 'create-only' : 'create-only under some conditions'}: CloudFormation resolves the output only ` +
          `when the change set executes, so it ${always ? 'plans' : 'may plan'} to replace the resource on every ` +
          'update. Give the value at synth time instead (an SSM parameter or context value read when synthesizing, ' +
          'or configuration), or take the output in a property that can be updated',
      },
    ];
  });
}

function propertyName(path: readonly string[]): string {
  return ['Properties', ...path].join('.');
}

function describe(use: StackOutputUse): string {
  const stackName = textOf(pathOf(use.reference, 'StackName'));
  const outputName = textOf(pathOf(use.reference, 'OutputName'));
  const region = pathOf(use.reference, 'Region');
  const where = region === undefined ? '' : ` in ${textOf(region)}`;
  return `Fn::GetStackOutput (output '${outputName}' of stack '${stackName}'${where})`;
}

import { fixedName } from '../physical-names';
import type { Rule, RuleFinding } from '../rule';

/**
 * A resource with a fixed physical name and `DeletionPolicy: Retain` outlives a rolled-back first create, and
 * every retry then fails on "already exists". `RetainExceptOnCreate` keeps it on later deletes and updates but
 * deletes it when the operation that created it rolls back.
 */
export const fixedNameRetain: Rule = {
  id: 'fixed-name-retain',
  severity: 'error',
  title: 'Fixed-name resources use RetainExceptOnCreate, not Retain',
  awsBehaviour:
    'With DeletionPolicy Retain, CloudFormation keeps a resource when the stack operation that created it rolls ' +
    'back; a retry then creates the same fixed name again and fails ("already exists") until someone deletes it by ' +
    'hand. RetainExceptOnCreate deletes it on that rollback and retains it on every later delete.',
  docUrl: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources).flatMap(([logicalId, resource]): RuleFinding[] => {
        if (resource.DeletionPolicy !== 'Retain') return [];
        const fixed = fixedName(stack, resource);
        if (fixed === undefined) return [];
        return [
          {
            stack,
            logicalId,
            resource,
            severity: 'error',
            message:
              `${resource.Type} '${fixed.name}' has a fixed ${fixed.property} and DeletionPolicy Retain: a rolled-back ` +
              'first create leaves it behind and every retry fails with "already exists"; use RetainExceptOnCreate ' +
              '(CDK: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE), or let CloudFormation generate the name',
          },
        ];
      }),
    ),
};

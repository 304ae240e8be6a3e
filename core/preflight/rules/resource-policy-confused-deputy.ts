import { asList, asObject } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { textOf } from '../template-values';
import { grantStatements } from '../trust/grant-documents';
import { serviceGrantWithoutSource } from '../trust/service-source';

/**
 * Every stack's resource policies (bucket, topic, key, queue, Lambda permission…) admit an AWS service only for their
 * own account. Protected environments' stacks are judged the same way by the release pipeline's Verify step
 * (protected-trust-release-only), from the pinned tool.
 */
export const resourcePolicyConfusedDeputy: Rule = {
  id: 'resource-policy-confused-deputy',
  severity: 'error',
  title: 'Resource policies admit an AWS service only for their own account',
  awsBehaviour:
    'A service principal in a resource policy acts for whoever points the service at the resource: a CloudFront ' +
    'distribution, a log delivery or a notification rule of another account reads or writes it, unless aws:SourceAccount ' +
    'or aws:SourceArn names this account (the cross-service confused deputy problem).',
  docUrl:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      grantStatements(stack).flatMap((grant): RuleFinding[] => {
        if ('unreadable' in grant || grant.resource.Type === 'AWS::IAM::Role') return [];
        const services = asList(asObject(grant.statement.Principal)?.Service).map(textOf);
        return services.flatMap((service): RuleFinding[] => {
          const why = serviceGrantWithoutSource(service, grant.statement, grant.resource, stack);
          if (why === undefined) return [];
          return [
            {
              severity: 'error',
              stack,
              logicalId: grant.logicalId,
              resource: grant.resource,
              message: `the ${grant.resource.Type} policy of '${grant.logicalId}' ${why}`,
            },
          ];
        });
      }),
    ),
};

import { asList, asObject, asString, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';

/** An ECR lifecycle rule must not expire tagged images by count: it can delete an image an environment still runs. */
export const ecrExpiryDeployedImages: Rule = {
  id: 'ecr-expiry-deployed-images',
  severity: 'error',
  title: 'ECR lifecycle rules must not expire tagged images by count',
  awsBehaviour:
    'An imageCountMoreThan rule expires the oldest images beyond the count regardless of whether a service still ' +
    'runs them; when an environment lags behind, scale-out, task replacement and rollback fail with CannotPullContainerError.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::ECR::Repository'))
      .flatMap((repository) => {
        const text = asObject(repository.resource.Properties.LifecyclePolicy)?.LifecyclePolicyText;
        return lifecycleRules(text)
          .filter((rule) => {
            const selection = asObject(asObject(rule)?.selection);
            const tagStatus = asString(selection?.tagStatus);
            return selection?.countType === 'imageCountMoreThan' && (tagStatus === 'any' || tagStatus === 'tagged');
          })
          .map((rule): RuleFinding => {
            const selection = asObject(asObject(rule)?.selection);
            return {
              severity: 'error',
              stack: repository.stack,
              logicalId: repository.logicalId,
              resource: repository.resource,
              message:
                `lifecycle rule ${String(asObject(rule)?.rulePriority ?? '?')} expires ${String(selection?.tagStatus)} images ` +
                `beyond the newest ${String(selection?.countNumber)}, which can delete the image an environment still runs: ` +
                'expire by age (countType sinceImagePushed, with a bound the README states) or protect deployed tags ' +
                'in a higher-priority rule; count rules are fine for untagged images',
            };
          });
      }),
};

/** The rules of a lifecycle policy text (a JSON string, or an object when written with Fn::Sub-free JSON). */
function lifecycleRules(text: JsonValue | undefined): JsonValue[] {
  const source = asString(text);
  if (source === undefined) return asList(asObject(text)?.rules);
  try {
    return asList(asObject(JSON.parse(source) as JsonValue)?.rules);
  } catch {
    return [];
  }
}

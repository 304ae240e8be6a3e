import { Stack, type CfnResource, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';

import {
  CONFUSED_DEPUTY_SERVICES,
  conditionNamesSource,
  SOURCE_ACCOUNT_RESOURCE_GRANTS,
} from '../../model/confused-deputy-services';

interface TrustStatement {
  readonly Principal?: { readonly Service?: string | readonly string[] };
  readonly Condition?: Record<string, unknown>;
}

/** The resource policy of a bucket, topic or key, the policies CDK's own constructs grant services in. */
function resourcePolicyOf(
  node: IConstruct,
): { resource: CfnResource; property: string; document: unknown } | undefined {
  if (node instanceof s3.CfnBucketPolicy || node instanceof sns.CfnTopicPolicy) {
    return { resource: node, property: 'PolicyDocument', document: node.policyDocument };
  }
  if (node instanceof kms.CfnKey) return { resource: node, property: 'KeyPolicy', document: node.keyPolicy };
  return undefined;
}

/**
 * Adds `aws:SourceAccount` (this stack's account) where CDK grants an AWS service with no condition that says for
 * whom it acts, and this code cannot pass a principal of its own:
 * - every trust statement of a role that one of {@link CONFUSED_DEPUTY_SERVICES} may assume and that carries no
 *   condition: the roles CDK generates (CDK Pipelines' projects, a VPC's flow-log role, RDS enhanced monitoring's
 *   role). Roles that already say which source may use them (the step roles pin their projects) are left as they are;
 * - every statement of a bucket, topic or key policy that admits one of {@link SOURCE_ACCOUNT_RESOURCE_GRANTS} with
 *   no source key, beside the conditions it has (load balancer access logs, a topic as a notification target).
 */
export class ConfusedDeputyConditions implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof iam.CfnRole) {
      this.conditionRole(node);
      return;
    }
    const policy = resourcePolicyOf(node);
    if (policy) this.conditionResourcePolicy(policy.resource, policy.property, policy.document);
  }

  private conditionRole(node: iam.CfnRole): void {
    const stack = Stack.of(node);
    const document = stack.resolve(node.assumeRolePolicyDocument) as { Statement?: TrustStatement[] } | undefined;
    (document?.Statement ?? []).forEach((statement, i) => {
      const services = [statement.Principal?.Service ?? []].flat();
      if (statement.Condition !== undefined || !services.some((s) => CONFUSED_DEPUTY_SERVICES[s] !== undefined)) return;
      node.addPropertyOverride(`AssumeRolePolicyDocument.Statement.${i}.Condition`, {
        StringEquals: { 'aws:SourceAccount': stack.account },
      });
    });
  }

  private conditionResourcePolicy(node: CfnResource, property: string, policy: unknown): void {
    const stack = Stack.of(node);
    const document = stack.resolve(policy) as { Statement?: TrustStatement[] } | undefined;
    (document?.Statement ?? []).forEach((statement, i) => {
      const services = [statement.Principal?.Service ?? []].flat();
      if (
        !services.some((s) => SOURCE_ACCOUNT_RESOURCE_GRANTS[s] !== undefined) ||
        conditionNamesSource(statement.Condition)
      )
        return;
      node.addPropertyOverride(`${property}.Statement.${i}.Condition.StringEquals.aws:SourceAccount`, stack.account);
    });
  }
}

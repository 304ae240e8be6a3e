import { Stack, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

import { CONFUSED_DEPUTY_SERVICES } from '../../model/confused-deputy-services';

interface TrustStatement {
  readonly Principal?: { readonly Service?: string | readonly string[] };
  readonly Condition?: Record<string, unknown>;
}

/**
 * Adds `aws:SourceAccount` (this stack's account) to every trust statement of a role that one of
 * {@link CONFUSED_DEPUTY_SERVICES} may assume and that carries no condition: the roles CDK generates (CDK Pipelines'
 * projects, a VPC's flow-log role, RDS enhanced monitoring's role) and this code cannot pass a principal to. Roles
 * that already say which source may use them (the step roles pin their projects) are left as they are.
 */
export class ConfusedDeputyConditions implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnRole)) return;
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
}

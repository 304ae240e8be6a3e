import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { pipelineRolePrincipal } from './pipeline-role-principal';
import type { EnvironmentNames } from '../../../model/naming';

export interface ListenerRepointRoleProps {
  readonly names: EnvironmentNames;
  /** The account of the pipeline that deploys this environment (release account for a protected one). */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
  /** The environment's listener re-point function, the one thing the role may do. */
  readonly repointFunction: lambda.IFunction;
}

/**
 * The role in this environment account that the pipeline's RepointListeners step assumes after each stack update
 * (`bluegreen listeners --repoint --invoke`). It trusts exactly that step's role, like the other pipeline access
 * roles, and may only invoke the environment's re-point function, which takes no input: it holds no Elastic Load
 * Balancing permission, since ModifyListener cannot be limited by what it sets (any target group, a redirect to any
 * host, a fixed response), and whoever can run the step (StartBuild with overrides) could otherwise point production
 * anywhere.
 */
export class ListenerRepointRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ListenerRepointRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.names.listenerRepointRole,
      description: "Invokes this environment's listener re-point function after a stack update, and nothing else",
      assumedBy: pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, props.names.repointStepRole),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.repointFunction.functionArn] }),
    );
  }
}

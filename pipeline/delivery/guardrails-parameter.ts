import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';

export interface GuardrailsParameterProps {
  /** The parameter's name, starting with '/'. */
  readonly parameterName: string;
}

/** Writes to the parameter that the pipeline's own roles may never make. */
const WRITE_ACTIONS = [
  'ssm:PutParameter',
  'ssm:DeleteParameter',
  'ssm:DeleteParameters',
  'ssm:LabelParameterVersion',
  'ssm:UnlabelParameterVersion',
  'ssm:AddTagsToResource',
  'ssm:RemoveTagsFromResource',
];

/**
 * The gate minimums outside the repository: an SSM parameter in the tools account that `bluegreen guardrails check`
 * reads before anything deploys or self-mutates. It is referenced by name, never created here: a resource of this
 * stack would be rewritten by every self-mutation with the value of the commit being judged. The platform team
 * publishes it (`bluegreen guardrails publish`). SSM parameters have no resource policy, so every role of the
 * pipeline stack may only read it and carries an explicit deny on writing it.
 */
export class GuardrailsParameter extends Construct {
  readonly parameterName: string;
  readonly parameterArn: string;

  constructor(scope: Construct, id: string, props: GuardrailsParameterProps) {
    super(scope, id);
    this.parameterName = props.parameterName;
    this.parameterArn = Stack.of(this).formatArn({
      service: 'ssm',
      resource: 'parameter',
      // The ARN of /a/b is …:parameter/a/b: the name's leading slash is the separator.
      resourceName: props.parameterName.slice(1),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** What the synth step needs to run the check: GetParameter on this parameter only. */
  readStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameterArn] });
  }

  /** Denies writes to every role of the stack `root` is in (the pipeline stack): call once everything is built. */
  denyWritesToRolesIn(root: IConstruct): void {
    const stack = Stack.of(root);
    const deny = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: WRITE_ACTIONS,
      resources: [this.parameterArn],
    });
    for (const construct of root.node.findAll()) {
      // The environment stages below the pipeline stack are assemblies of their own, in other accounts.
      if (construct instanceof iam.Role && Stack.of(construct) === stack) construct.addToPrincipalPolicy(deny);
    }
  }
}

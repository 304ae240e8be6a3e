import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, type IConstruct } from 'constructs';

export interface GuardrailsParameterProps {
  readonly parameterName: string;
  /** The minimums it starts with (guardrails.example.yaml); a security role changes them afterwards. */
  readonly value: string;
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
 * compares the configuration with before anything deploys or self-mutates. SSM parameters have no resource policy,
 * so every role of the pipeline stack carries an explicit deny on writing it; only a security role outside the
 * pipeline writes it. (A commit that weakens the repository's guardrails file is refused by the same check, which
 * compares that file with the parameter.)
 */
export class GuardrailsParameter extends Construct {
  readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: GuardrailsParameterProps) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, 'Parameter', {
      parameterName: props.parameterName,
      stringValue: props.value,
      description: 'Minimums of the delivery pipeline gates; written by the security team only',
      tier: props.value.length > 4096 ? ssm.ParameterTier.ADVANCED : ssm.ParameterTier.STANDARD,
    });
  }

  /** What the synth step needs to run the check. */
  readStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameter.parameterArn] });
  }

  /** Denies writes to every role of the stack `root` is in (the pipeline stack): call once everything is built. */
  denyWritesToRolesIn(root: IConstruct): void {
    const stack = Stack.of(root);
    const deny = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: WRITE_ACTIONS,
      resources: [this.parameter.parameterArn],
    });
    for (const construct of root.node.findAll()) {
      // The environment stages below the pipeline stack are assemblies of their own, in other accounts.
      if (construct instanceof iam.Role && Stack.of(construct) === stack) construct.addToPrincipalPolicy(deny);
    }
  }
}

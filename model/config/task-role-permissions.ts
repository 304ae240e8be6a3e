import { z } from 'zod';

/**
 * What a service's own code may do in AWS (S3, SQS, SES…): IAM statements on its task role, and customer managed
 * policies of the environment's account attached to it. The policy gates judge what comes out, so validation
 * refuses here what they would refuse there, with the field named: wildcard actions (cdk-nag AwsSolutions-IAM5),
 * AWS managed policies (AwsSolutions-IAM4), and the services that would let the task make itself more powerful.
 */

/**
 * Services whose actions hand out identities or permissions: with any of them the task could create, change, pass
 * or assume a role more powerful than its own (IAM user guide, "Security best practices in IAM").
 */
export const ESCALATION_SERVICES = ['iam', 'sts', 'organizations', 'sso', 'identitystore'] as const;

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

const action = z
  .string()
  .regex(
    ACTION,
    "must be one IAM action such as s3:GetObject, without wildcards ('*' and s3:Get* are refused: the policy gates " +
      'ask for each action by name)',
  )
  .superRefine((value, ctx) => {
    const service = value.split(':')[0];
    if (!(ESCALATION_SERVICES as readonly string[]).includes(service)) return;
    ctx.addIssue({
      code: 'custom',
      input: value,
      message:
        `is an action of ${service}, which could give the task more power than its role has ` +
        `(${ESCALATION_SERVICES.join(', ')} are refused); grant what the code needs in the service it calls, or, if ` +
        "it truly needs this, add it in the application's entry point (README: What the configuration cannot say)",
    });
  });

const resource = z
  .string()
  .regex(
    /^arn:(aws[a-z-]*|\$\{AWS::Partition\}):[a-z0-9-]+:([a-z0-9-]*|\$\{AWS::Region\}):(\d{12}|\$\{AWS::AccountId\})?:(?!\*$).+$/,
    'must be an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE; ${AWS::Region} and ${AWS::AccountId} stand for the ' +
      "environment's, a trailing /* names the objects under a prefix); '*' alone and a '*' account or region are refused",
  );

const conditionOperator = z
  .string()
  .regex(
    /^(ForAnyValue:|ForAllValues:)?[A-Z][A-Za-z]+$/,
    'must be an IAM condition operator such as StringEquals or ForAnyValue:StringLike',
  );

export const taskRoleStatementSchema = z.strictObject({
  sid: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'must be 1-64 letters and digits (it becomes the statement id)')
    .describe('Names the statement; it becomes the Sid'),
  actions: z.array(action).min(1, 'needs at least one action').describe('IAM actions allowed, e.g. sqs:SendMessage'),
  resources: z
    .array(resource)
    .min(1, 'needs at least one resource ARN')
    .describe('ARNs of the resources the actions are allowed on'),
  conditions: z
    .record(conditionOperator, z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])))
    .optional()
    .describe('IAM conditions, e.g. { StringEquals: { "s3:prefix": "uploads/" } }'),
});

export const taskRolePermissionsSchema = z
  .strictObject({
    statements: z
      .array(taskRoleStatementSchema)
      .default([])
      .refine((list) => new Set(list.map((s) => s.sid)).size === list.length, 'names a sid twice')
      .describe('Allow statements added to the task role (default none)'),
    managedPolicies: z
      .array(
        z
          .string()
          .regex(
            /^[\w+=,.@-]{1,128}$/,
            "must be the name of a customer managed policy in the environment's account (not an ARN); AWS managed " +
              'policies are refused by the policy gates (AwsSolutions-IAM4): name their actions in statements',
          ),
      )
      .default([])
      .describe(
        "Customer managed policies of each environment's account, by name, attached to the task role (default none)",
      ),
  })
  .optional()
  .describe("The task role's own permissions (the app container's AWS calls), besides what uses: grants");

export type TaskRolePermissions = NonNullable<z.output<typeof taskRolePermissionsSchema>>;

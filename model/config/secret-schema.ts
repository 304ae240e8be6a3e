import { z } from 'zod';

/**
 * A container's secrets: a Secrets Manager secret by full ARN (its account is what validation compares with the
 * environment's), or an SSM SecureString parameter of the environment's account by name.
 */

export const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_NAME_MESSAGE = 'variable names must match [A-Za-z_][A-Za-z0-9_]*';

const secretSchema = z.union([
  z
    .strictObject({
      secretsManagerArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
          'must be the full ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx)',
        )
        .describe('Full ARN of the Secrets Manager secret, with its 6-character suffix'),
      field: z
        .string()
        .min(1)
        .optional()
        .describe('A key of the JSON secret whose value the variable gets; the whole secret when absent'),
      shared: z
        .boolean()
        .default(false)
        .describe(
          "true: the secret lives in another account than the environment's, on purpose (its owner grants this " +
            'environment in a resource policy); needs kmsKeyArn (default false)',
        ),
      kmsKeyArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
          'must be a KMS key ARN (arn:aws:kms:…:key/ID)',
        )
        .optional()
        .describe(
          'The customer managed key that encrypts a shared secret; the execution role may decrypt with it ' +
            '(the aws/secretsmanager key cannot be used across accounts)',
        ),
    })
    .superRefine((secret, ctx) => {
      if (!secret.shared || secret.kmsKeyArn !== undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['kmsKeyArn'],
        input: undefined,
        message:
          'a shared secret needs kmsKeyArn: a secret read from another account must be encrypted with a customer ' +
          'managed key, and the execution role must be allowed to decrypt with it',
      });
    }),
  z.strictObject({
    ssmParameter: z
      .string()
      .regex(/^\/?[A-Za-z0-9_.\-/]+$/, 'must be an SSM parameter name')
      .describe('Name of the SSM parameter (SecureString) the variable gets its value from'),
  }),
]);

export type SecretConfig = z.output<typeof secretSchema>;

/** Secrets by variable name: what a service and an environment's override of it both have. */
export const secretsSchema = () => z.record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), secretSchema);

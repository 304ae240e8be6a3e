import { asList, asObject, asString } from '../json-value';
import { coversAction, allowsAction, roleStatements } from '../policy';
import { resolveRole } from '../role-lookup';
import type { Rule, RuleFinding } from '../rule';
import { isLiteral, parseArn, resourcesOfType, textOf } from '../template-values';

const DOC_URL = 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html';

/**
 * A task definition whose container reads a Secrets Manager secret of another account: ECS fetches it with the
 * execution role when the task starts, and AWS serves it only when the reader's own policy allows
 * secretsmanager:GetSecretValue on the secret and kms:Decrypt on its customer managed key (besides the owner's
 * resource and key policies, which live in the other account).
 */
export const crossAccountSecretKey: Rule = {
  id: 'cross-account-secret-key',
  severity: 'error',
  title: "Secrets of another account need the reader's KMS grant",
  awsBehaviour:
    'A secret read from another account must be encrypted with a customer managed key, and the reading role ' +
    'needs secretsmanager:GetSecretValue on the secret and kms:Decrypt on that key; without them the task never ' +
    'starts (ResourceInitializationError: unable to pull secrets).',
  docUrl: DOC_URL,
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap((taskDefinition): RuleFinding[] => {
        const where = { stack, logicalId: taskDefinition.logicalId, resource: taskDefinition.resource };
        const foreign = foreignSecrets(
          taskDefinition.resource.Properties.ContainerDefinitions,
          stack.environment.account,
        );
        if (foreign.length === 0) return [];
        const roleValue = taskDefinition.resource.Properties.ExecutionRoleArn;
        const role = resolveRole(assembly, stack, roleValue);
        if (role === undefined) {
          return [
            {
              ...where,
              severity: 'warning',
              message:
                `cannot check the execution role '${textOf(roleValue)}': it is not in the assembly; it must allow ` +
                `secretsmanager:GetSecretValue and kms:Decrypt on the key of ${foreign.map((f) => f.arn).join(', ')}`,
            },
          ];
        }
        const statements = roleStatements(role);
        return foreign.flatMap(({ arn, account }): RuleFinding[] => {
          const missing = [
            allowsAction(statements, 'secretsmanager:GetSecretValue') ? undefined : 'secretsmanager:GetSecretValue',
            statements.some(
              (s) =>
                s.effect === 'Allow' && coversAction(s, 'kms:Decrypt') && s.resources.some((r) => keyOf(r, account)),
            )
              ? undefined
              : `kms:Decrypt on a key of account ${account}`,
          ].filter((m) => m !== undefined);
          return missing.length === 0
            ? []
            : [
                {
                  ...where,
                  severity: 'error',
                  message:
                    `reads the secret ${arn} of account ${account}, but its execution role '${role.logicalId}' does ` +
                    `not allow ${missing.join(' or ')}: the task would not start; mark the secret shared with its ` +
                    'kmsKeyArn in the configuration, or use a secret of this account',
                },
              ];
        });
      }),
    ),
};

/** Secrets Manager ARNs the containers read whose account is written out and is not the stack's. */
function foreignSecrets(
  containers: Parameters<typeof asList>[0],
  stackAccount: string | undefined,
): { arn: string; account: string }[] {
  if (stackAccount === undefined) return [];
  return asList(containers)
    .flatMap((container) => asList(asObject(container)?.Secrets))
    .map((secret) => asString(asObject(secret)?.ValueFrom))
    .flatMap((valueFrom) => {
      const arn = valueFrom === undefined ? undefined : parseArn(valueFrom);
      if (!valueFrom || !arn || arn.service !== 'secretsmanager' || !isLiteral(arn.account)) return [];
      return arn.account !== stackAccount && /^\d{12}$/.test(arn.account)
        ? [{ arn: valueFrom, account: arn.account }]
        : [];
    });
}

/** True when a statement's resource names a KMS key of `account` (or any key: `*`). */
function keyOf(resource: Parameters<typeof textOf>[0], account: string): boolean {
  const text = textOf(resource);
  if (text === '*') return true;
  const arn = parseArn(text);
  return arn !== undefined && arn.service === 'kms' && arn.account === account && arn.resource.startsWith('key/');
}

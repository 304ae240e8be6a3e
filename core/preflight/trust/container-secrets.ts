import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import type { RuleFinding } from '../rule';
import { parseArn, resourcesOfType, textOf } from '../template-values';
import { isOwnAccount } from './own-account';

/**
 * Every container of a protected environment's task definitions whose secret, registry credentials or log secret ECS
 * would read, at each task start, from an account that is neither the stack's own nor one the reviewed configuration
 * shares secrets from (`secretAccounts`): whoever owns that account changes what prod runs, after the approval.
 */
export function containerSecretsOutside(stack: AssemblyStack, secretAccounts: ReadonlySet<string>): RuleFinding[] {
  const own = stack.environment.account;
  return resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap(({ logicalId, resource }) =>
    asList(resource.Properties.ContainerDefinitions).flatMap((value): RuleFinding[] => {
      const container = asObject(value);
      const read: (JsonValue | undefined)[] = [
        ...asList(container?.Secrets).map((s) => asObject(s)?.ValueFrom),
        asObject(container?.RepositoryCredentials)?.CredentialsParameter,
        ...asList(asObject(container?.LogConfiguration)?.SecretOptions).map((s) => asObject(s)?.ValueFrom),
      ];
      return read
        .filter((v): v is JsonValue => v !== undefined)
        .map(textOf)
        .filter((text) => {
          const account = text.startsWith('arn:') ? parseArn(text)?.account : undefined;
          return account !== undefined && !isOwnAccount(account, own) && !secretAccounts.has(account);
        })
        .map((text) => ({
          severity: 'error' as const,
          stack,
          logicalId,
          resource,
          message:
            `'${logicalId}' gives container '${textOf(container?.Name)}' ${text}, which ECS reads at every task start ` +
            "from an account the release stack does not share secrets from: keep it in the environment's account, or " +
            'share it in the configuration (shared: true) and deploy the release stack from that reviewed configuration',
        }));
    }),
  );
}

import type { EnvironmentConfig, ServiceConfig } from './schema';

/** The variable every container of every service receives the environment's name in (staging, prod…). */
export const ENVIRONMENT_NAME_VARIABLE = 'BLUEGREEN_ENVIRONMENT';

/** A service's variables and secrets in one environment. */
export interface ServiceValues {
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: ServiceConfig['secrets'];
}

/** The service's own variables and secrets, then the environment's override of each (`environments[].services.<name>`). */
export function serviceValuesFor(environment: EnvironmentConfig, service: ServiceConfig): ServiceValues {
  const override = environment.services[service.name];
  return {
    environment: { ...service.environment, ...override?.environment },
    secrets: { ...service.secrets, ...override?.secrets },
  };
}

/** The account a secret's ARN names (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME). */
export function secretAccount(secretsManagerArn: string): string {
  return secretsManagerArn.split(':')[4];
}

/**
 * The accounts, other than each environment's own, whose secrets the protected environments' services read
 * (`shared: true` secrets): the release stack admits only these, as synthesized from the reviewed configuration, so a
 * commit cannot point a protected task at a secret in an account it controls.
 */
export function sharedSecretAccounts(config: {
  readonly environments: readonly EnvironmentConfig[];
  readonly services: readonly ServiceConfig[];
}): string[] {
  const accounts = config.environments
    .filter((environment) => environment.approval)
    .flatMap((environment) =>
      config.services.flatMap((service) =>
        Object.values(serviceValuesFor(environment, service).secrets).flatMap((secret) => {
          if (!('secretsManagerArn' in secret)) return [];
          const account = secretAccount(secret.secretsManagerArn);
          return account === environment.account ? [] : [account];
        }),
      ),
    );
  return [...new Set(accounts)].sort();
}

import type { z } from 'zod';
import type { SecretConfig } from './secret-schema';
import { ENVIRONMENT_NAME_VARIABLE, secretAccount } from './service-values';

/**
 * Refuses, naming the field, what the services' singleton, imageFrom and per-environment values cannot carry:
 * a singleton that would scale or run two tasks, an image borrowed from nowhere, and a secret another account owns
 * that nothing says is shared (its tasks would never start: ResourceInitializationError, unable to pull secrets).
 */

/** What the refinement reads of a listed service, before the services are normalized. */
interface RawService {
  readonly name: string;
  readonly kind: 'web' | 'worker';
  readonly secrets: Readonly<Record<string, SecretConfig>>;
  readonly environment?: Readonly<Record<string, string>>;
  readonly buildContext?: string;
  readonly dockerfile?: string;
  readonly imageFrom?: string;
  readonly singleton?: boolean;
  readonly desiredCount?: number;
  readonly minHealthyPercent?: number;
  readonly maxHealthyPercent?: number;
  readonly queueScaling?: unknown;
}

interface RawEnvironment {
  readonly name: string;
  readonly account: string;
  readonly services: Readonly<
    Record<
      string,
      {
        readonly desiredCount?: number;
        readonly scaling?: unknown;
        readonly secrets?: Readonly<Record<string, SecretConfig>>;
        readonly environment?: Readonly<Record<string, string>>;
      }
    >
  >;
}

interface RawConfig {
  readonly service?: {
    readonly secrets: Readonly<Record<string, SecretConfig>>;
    readonly environment?: Readonly<Record<string, string>>;
  };
  readonly services?: readonly RawService[];
  readonly environments: readonly RawEnvironment[];
}

type Path = (string | number)[];

export function refineServiceValues(config: RawConfig, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string, input?: unknown) =>
    ctx.addIssue({ code: 'custom', path, input, message });
  const listed: { path: Path; service: RawService }[] = config.service
    ? [
        {
          path: ['service'],
          service: {
            name: 'service',
            kind: 'web',
            secrets: config.service.secrets,
            environment: config.service.environment,
          },
        },
      ]
    : (config.services ?? []).map((service, i) => ({ path: ['services', i], service }));
  for (const { path, service } of listed) {
    if (config.services) refineImage(config.services, path, service, issue);
    if (service.kind === 'worker' && service.singleton) refineSingleton(config.environments, path, service, issue);
  }
  refineSecretAccounts(config.environments, listed, issue);
  refineReservedName(config.environments, listed, issue);
}

/** The environment's name is the tool's to set: a configured value of that name would be silently replaced. */
function refineReservedName(
  environments: readonly RawEnvironment[],
  listed: readonly { path: Path; service: RawService }[],
  issue: (path: Path, message: string, input?: unknown) => void,
): void {
  const message = `is set by the tool to the environment's name in every container; choose another variable name`;
  for (const { path, service } of listed) {
    for (const field of ['environment', 'secrets'] as const) {
      if (ENVIRONMENT_NAME_VARIABLE in (service[field] ?? {})) {
        issue([...path, field, ENVIRONMENT_NAME_VARIABLE], message);
      }
    }
    environments.forEach((environment, e) => {
      const override = environment.services[service.name];
      for (const field of ['environment', 'secrets'] as const) {
        if (ENVIRONMENT_NAME_VARIABLE in (override?.[field] ?? {})) {
          issue(['environments', e, 'services', service.name, field, ENVIRONMENT_NAME_VARIABLE], message);
        }
      }
    });
  }
}

function refineImage(
  services: readonly RawService[],
  path: Path,
  service: RawService,
  issue: (path: Path, message: string, input?: unknown) => void,
): void {
  if (service.imageFrom === undefined) {
    if (service.buildContext === undefined) {
      issue(
        [...path, 'buildContext'],
        "is required: the directory the service's image is built from (or imageFrom: the service whose image it runs)",
      );
    }
    return;
  }
  const builder = services.find((s) => s.name === service.imageFrom);
  const builders = services.filter((s) => s.imageFrom === undefined).map((s) => s.name);
  if (service.imageFrom === service.name) {
    issue([...path, 'imageFrom'], 'names the service itself; leave it out to build this service its own image');
  } else if (!builder) {
    issue(
      [...path, 'imageFrom'],
      `names no service (services that build an image: ${builders.join(', ')})`,
      service.imageFrom,
    );
  } else if (builder.imageFrom !== undefined) {
    issue(
      [...path, 'imageFrom'],
      `names '${builder.name}', which runs the image of '${builder.imageFrom}' itself; name '${builder.imageFrom}'`,
      service.imageFrom,
    );
  }
  for (const field of ['buildContext', 'dockerfile'] as const) {
    if (service[field] !== undefined) {
      issue(
        [...path, field],
        `builds nothing with imageFrom: '${service.imageFrom}' (it runs that service's image); remove ${field}`,
        service[field],
      );
    }
  }
}

const SINGLE = 'a singleton runs exactly one task and never scales';

function refineSingleton(
  environments: readonly RawEnvironment[],
  path: Path,
  service: RawService,
  issue: (path: Path, message: string, input?: unknown) => void,
): void {
  if (service.queueScaling !== undefined)
    issue([...path, 'queueScaling'], `${SINGLE}; remove queueScaling or singleton`);
  if (service.desiredCount !== undefined && service.desiredCount !== 1) {
    issue([...path, 'desiredCount'], `${SINGLE}; remove desiredCount or singleton`, service.desiredCount);
  }
  for (const field of ['minHealthyPercent', 'maxHealthyPercent'] as const) {
    if (service[field] !== undefined) {
      issue(
        [...path, field],
        'is fixed for a singleton: its rollout stops the old task before the new one starts (minHealthyPercent 0, ' +
          'maxHealthyPercent 100), so two never run at once; remove it',
        service[field],
      );
    }
  }
  environments.forEach((environment, e) => {
    const override = environment.services[service.name];
    const at: Path = ['environments', e, 'services', service.name];
    if (override?.scaling !== undefined) issue([...at, 'scaling'], `${SINGLE}; '${service.name}' is a singleton`);
    if (override?.desiredCount !== undefined && override.desiredCount !== 1) {
      issue([...at, 'desiredCount'], `${SINGLE}; '${service.name}' is a singleton`, override.desiredCount);
    }
  });
}

function refineSecretAccounts(
  environments: readonly RawEnvironment[],
  listed: readonly { path: Path; service: RawService }[],
  issue: (path: Path, message: string, input?: unknown) => void,
): void {
  environments.forEach((environment, e) => {
    for (const { path, service } of listed) {
      const override = environment.services[service.name]?.secrets ?? {};
      const overridePath: Path = ['environments', e, 'services', service.name, 'secrets'];
      const effective = Object.entries({ ...service.secrets, ...override });
      for (const [variable, secret] of effective) {
        if (!('secretsManagerArn' in secret) || secret.shared) continue;
        const account = secretAccount(secret.secretsManagerArn);
        if (account === environment.account) continue;
        const fromOverride = variable in override;
        issue(
          [...(fromOverride ? overridePath : [...path, 'secrets']), variable, 'secretsManagerArn'],
          `is a secret of account ${account}, but environment '${environment.name}' runs in ${environment.account}, ` +
            'where its tasks cannot read it: give the environment its own secret at ' +
            `environments[${e}].services.${service.name}.secrets.${variable}, or mark it shared: true with its ` +
            "kmsKeyArn once the owner's resource policy and key policy admit this account",
          secret.secretsManagerArn,
        );
      }
    }
  });
}

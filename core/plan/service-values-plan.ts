import type { EnvironmentConfig, PipelineConfig, ServiceConfig } from '../../model/config';
import { imageBuilders } from '../../model/config/image-builders';
import { ENVIRONMENT_NAME_VARIABLE, serviceValuesFor } from '../../model/config/service-values';
import { secretAccount } from '../../model/config/service-values';

/** The Execution line's image list: one build per image, and who runs another service's image. */
export function describeImages(config: PipelineConfig): string {
  const builders = imageBuilders(config.services);
  const shared = config.services.filter((s) => s.imageFrom !== undefined);
  const runners = shared.map((s) => `${s.name} runs ${s.imageFrom}'s`).join(', ');
  return (
    `${builders.length} image(s) built and scanned side by side: ${builders.map((s) => s.name).join(', ')}` +
    (shared.length > 0 ? ` (${runners}: same digest, built and scanned once)` : '')
  );
}

/** What a service gets in one environment besides its code: its variables, secrets and own permissions. */
export function describeServiceValues(environment: EnvironmentConfig, service: ServiceConfig): string[] {
  const values = serviceValuesFor(environment, service);
  const overridden = environment.services[service.name];
  const own = Object.keys({ ...overridden?.environment, ...overridden?.secrets });
  const lines = [
    `      values: ${ENVIRONMENT_NAME_VARIABLE}=${environment.name} in every container; ` +
      `${Object.keys(values.environment).length} variable(s), ${Object.keys(values.secrets).length} secret(s)` +
      (own.length > 0 ? ` (${own.join(', ')} set for ${environment.name})` : ''),
  ];
  for (const [variable, secret] of Object.entries(values.secrets)) {
    if (!('secretsManagerArn' in secret) || !secret.shared) continue;
    lines.push(
      `      shared secret ${variable}: owned by account ${secretAccount(secret.secretsManagerArn)}; its owner must ` +
        `allow secretsmanager:GetSecretValue to ${environment.account} in the secret's resource policy and ` +
        `kms:Decrypt (via Secrets Manager) in the policy of ${secret.kmsKeyArn}; this stack grants the reader's side`,
    );
  }
  const permissions = service.permissions;
  if (permissions && (permissions.statements.length > 0 || permissions.managedPolicies.length > 0)) {
    const statements = permissions.statements.map((s) => `${s.sid} (${s.actions.join(', ')})`);
    const policies = permissions.managedPolicies.map(
      (p) => `customer managed policy ${p} (must exist in ${environment.account} before the stack deploys)`,
    );
    lines.push(`      task role: ${[...statements, ...policies].join('; ')}`);
  }
  return lines;
}

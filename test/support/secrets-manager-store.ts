/*
 * The secrets of the local Secrets Manager (secrets-manager-server.ts): versions and their staging labels, which the
 * tests seed and read directly, and the server's operations change as the API reference says.
 */

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

/** A secret's ARN in the test account, as Secrets Manager makes them (name, then a random suffix). */
export function secretArn(name: string): string {
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
}

export interface StoredVersion {
  /** Undefined for the empty version RotateSecret labels AWSPENDING before createSecret fills it. */
  value?: string;
  readonly stages: Set<string>;
}

export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  /** Undefined: rotation was never configured, and DescribeSecret leaves the field out. */
  rotationEnabled?: boolean;
  /** In creation order. */
  readonly versions: Map<string, StoredVersion>;
}

export interface SeededSecret {
  readonly name: string;
  /** The value of its one version, labelled AWSCURRENT. */
  readonly value: unknown;
  readonly versionId?: string;
  /** @default true */
  readonly rotationEnabled?: boolean;
}

export class SecretStore {
  private readonly secrets = new Map<string, StoredSecret>();

  /** A secret with one version, AWSCURRENT (replacing one of the same name); returns its ARN. */
  seed({ name, value, versionId = `${name}-v1`, rotationEnabled = true }: SeededSecret): string {
    const arn = secretArn(name);
    this.secrets.set(name, {
      arn,
      name,
      rotationEnabled,
      versions: new Map([[versionId, { value: text(value), stages: new Set(['AWSCURRENT']) }]]),
    });
    return arn;
  }

  /** A new version of the secret labelled AWSCURRENT, as PutSecretValue makes one: the version it leaves is AWSPREVIOUS. */
  putCurrent(secretId: string, value: unknown): void {
    const secret = this.secret(secretId);
    const versionId = `${secret.name}-v${secret.versions.size + 1}`;
    secret.versions.set(versionId, { value: text(value), stages: new Set() });
    attach(secret, 'AWSCURRENT', versionId);
  }

  /** Turns rotation off (false) or leaves it unconfigured (undefined), as DescribeSecret then reports it. */
  setRotationEnabled(secretId: string, enabled: boolean | undefined): void {
    this.secret(secretId).rotationEnabled = enabled;
  }

  /** What RotateSecret does before invoking the function: an empty version `token` labelled AWSPENDING. */
  startRotation(secretId: string, token: string): void {
    const secret = this.secret(secretId);
    secret.versions.set(token, { stages: new Set() });
    attach(secret, 'AWSPENDING', token);
  }

  /** The parsed value labelled `stage`, or undefined. */
  valueAt(secretId: string, stage: string): Record<string, unknown> | undefined {
    const version = [...this.secret(secretId).versions.values()].find((v) => v.stages.has(stage));
    return version?.value === undefined ? undefined : (JSON.parse(version.value) as Record<string, unknown>);
  }

  /** DescribeSecret's VersionIdsToStages: the versions with at least one label. */
  stages(secretId: string): Record<string, string[]> {
    return Object.fromEntries(
      [...this.secret(secretId).versions]
        .filter(([, version]) => version.stages.size > 0)
        .map(([id, version]) => [id, [...version.stages].sort()]),
    );
  }

  /** The secret by its ARN or name, as the API takes a SecretId. */
  protected find(secretId: unknown): StoredSecret | undefined {
    return [...this.secrets.values()].find((s) => s.arn === secretId || s.name === secretId);
  }

  private secret(secretId: string): StoredSecret {
    const found = this.find(secretId);
    if (!found) throw new Error(`the local Secrets Manager holds no secret ${secretId}`);
    return found;
  }
}

/** Moves `stage` onto `versionId`; moving AWSCURRENT labels the version it left AWSPREVIOUS. */
export function attach(secret: StoredSecret, stage: string, versionId: string): void {
  for (const [id, version] of secret.versions) {
    if (id === versionId || !version.stages.delete(stage)) continue;
    if (stage === 'AWSCURRENT') attach(secret, 'AWSPREVIOUS', id);
  }
  secret.versions.get(versionId)?.stages.add(stage);
}

/** A secret value as SecretString holds it: a string as it is, anything else as JSON. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

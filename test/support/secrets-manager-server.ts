import { randomInt } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  AwsJsonServer,
  localAwsEnv,
  localClientConfig,
  type OperationReply,
  type ReceivedCall,
} from './aws-json-server';
import { attach, SecretStore } from './secrets-manager-store';

export { secretArn } from './secrets-manager-store';

/*
 * A stateful Secrets Manager on 127.0.0.1 (awsJson1_1, X-Amz-Target `secretsmanager.<Operation>`): secrets with
 * versions and staging labels (secrets-manager-store.ts, which the tests seed and read through this server), answering
 * the calls the database functions make as the API reference documents them. What RotateSecret does before it invokes
 * the rotation function (an empty version labelled AWSPENDING) is `startRotation`.
 */

type Input = Record<string, unknown>;

const fault = (errorType: string, message: string): OperationReply => ({ status: 400, errorType, message });
const notFound = (message: string) => fault('ResourceNotFoundException', message);
const invalidParameter = (message: string) => fault('InvalidParameterException', message);
const NO_SECRET = notFound("Secrets Manager can't find the specified secret.");

/** GetRandomPassword's character classes (API reference: "GetRandomPassword"). */
const CLASSES = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;

export class SecretsManagerServer extends SecretStore {
  /** Set by `start`, before anything can call the server. */
  private server!: AwsJsonServer;
  private readonly clients: SecretsManagerClient[] = [];

  private constructor() {
    super();
  }

  static async start(): Promise<SecretsManagerServer> {
    const self = new SecretsManagerServer();
    self.server = await AwsJsonServer.start({
      DescribeSecret: (input) => self.describe(input),
      GetSecretValue: (input) => self.getValue(input),
      PutSecretValue: (input) => self.putValue(input),
      UpdateSecretVersionStage: (input) => self.updateStage(input),
      GetRandomPassword: (input) => randomPassword(input),
    });
    return self;
  }

  get url(): string {
    return this.server.url;
  }

  get calls(): readonly ReceivedCall[] {
    return this.server.calls;
  }

  callsOf(operation: string): Record<string, unknown>[] {
    return this.server.callsOf(operation);
  }

  /** Stops the server, and the clients `client` made. */
  async stop(): Promise<void> {
    this.clients.splice(0).forEach((client) => client.destroy());
    await this.server.stop();
  }

  /** A real client of this endpoint, with the suite's dummy credentials; one attempt per call. */
  client(): SecretsManagerClient {
    const client = new SecretsManagerClient({ ...localClientConfig('SECRETS_MANAGER', this.url), maxAttempts: 1 });
    this.clients.push(client);
    return client;
  }

  private describe(input: Input): OperationReply {
    const secret = this.find(input.SecretId);
    if (!secret) return NO_SECRET;
    return {
      body: {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.rotationEnabled === undefined ? {} : { RotationEnabled: secret.rotationEnabled }),
        VersionIdsToStages: this.stages(secret.name),
      },
    };
  }

  private getValue(input: Input): OperationReply {
    const secret = this.find(input.SecretId);
    if (!secret) return NO_SECRET;
    const versionId = typeof input.VersionId === 'string' ? input.VersionId : undefined;
    const stage =
      typeof input.VersionStage === 'string' ? input.VersionStage : versionId === undefined ? 'AWSCURRENT' : undefined;
    const id = versionId ?? [...secret.versions].find(([, v]) => v.stages.has(stage as string))?.[0];
    const version = id === undefined ? undefined : secret.versions.get(id);
    // Both given, they must name one version; the version RotateSecret left empty has no value to return.
    if (id === undefined || version?.value === undefined || (stage !== undefined && !version.stages.has(stage))) {
      const which = versionId !== undefined ? `VersionId: ${versionId}` : `staging label: ${stage}`;
      return notFound(`Secrets Manager can't find the specified secret value for ${which}`);
    }
    const { arn: ARN, name: Name } = secret;
    return { body: { ARN, Name, VersionId: id, SecretString: version.value, VersionStages: [...version.stages] } };
  }

  private putValue(input: Input): OperationReply {
    const secret = this.find(input.SecretId);
    if (!secret) return NO_SECRET;
    const token = input.ClientRequestToken;
    const value = input.SecretString;
    if (typeof token !== 'string' || typeof value !== 'string') {
      return invalidParameter('this local Secrets Manager takes a ClientRequestToken and a SecretString');
    }
    const existing = secret.versions.get(token);
    const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : ['AWSCURRENT'];
    if (existing?.value !== undefined) {
      // Idempotent for the same value; a version's value never changes.
      if (existing.value === value) return { body: { ARN: secret.arn, Name: secret.name, VersionId: token } };
      return fault(
        'ResourceExistsException',
        "You can't modify an existing version, you can only create a new version.",
      );
    }
    secret.versions.set(token, { value, stages: existing?.stages ?? new Set() });
    for (const stage of stages) attach(secret, stage, token);
    return { body: { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stages } };
  }

  private updateStage(input: Input): OperationReply {
    const secret = this.find(input.SecretId);
    if (!secret) return NO_SECRET;
    const stage = String(input.VersionStage);
    const moveTo = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : undefined;
    const removeFrom = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
    const holder = [...secret.versions].find(([, v]) => v.stages.has(stage))?.[0];
    if (removeFrom !== undefined && holder !== removeFrom) {
      return invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
    }
    if (moveTo !== undefined) {
      if (!secret.versions.has(moveTo)) return notFound(`Secrets Manager can't find the specified version ${moveTo}.`);
      // A label attached elsewhere moves only when the caller names the version it leaves.
      if (holder !== undefined && holder !== moveTo && removeFrom !== holder) {
        return invalidParameter(
          `The staging label ${stage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      attach(secret, stage, moveTo);
    } else if (removeFrom !== undefined) {
      secret.versions.get(removeFrom)?.stages.delete(stage);
    }
    return { body: { ARN: secret.arn, Name: secret.name } };
  }
}

function randomPassword(input: Input): OperationReply {
  const length = input.PasswordLength === undefined ? 32 : Number(input.PasswordLength);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    return invalidParameter('PasswordLength must be between 1 and 4096.');
  }
  const excluded = new Set(typeof input.ExcludeCharacters === 'string' ? input.ExcludeCharacters : '');
  const included = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((name) => input[`Exclude${name[0].toUpperCase()}${name.slice(1)}`] !== true)
    .map((name): string => CLASSES[name])
    .concat(input.IncludeSpace === true ? [' '] : [])
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(''))
    .filter((chars) => chars.length > 0);
  const all = included.join('');
  const requireEach = input.RequireEachIncludedType !== false;
  if (all.length === 0 || (requireEach && included.length > length)) {
    return invalidParameter('The password length is too short, or every character is excluded.');
  }
  for (;;) {
    const password = Array.from({ length }, () => all[randomInt(all.length)]).join('');
    if (!requireEach || included.every((chars) => [...chars].some((c) => password.includes(c)))) {
      return { body: { RandomPassword: password } };
    }
  }
}

/** Environment for a real Secrets Manager client pointed at `url`, with the suite's dummy credentials, one attempt a call. */
export function secretsManagerEnv(url: string): Record<string, string> {
  return { ...localAwsEnv('SECRETS_MANAGER', url), AWS_MAX_ATTEMPTS: '1' };
}

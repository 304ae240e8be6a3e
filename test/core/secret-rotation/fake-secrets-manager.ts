import { randomInt } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
  type GetRandomPasswordRequest,
  type GetSecretValueRequest,
  type PutSecretValueRequest,
  type UpdateSecretVersionStageRequest,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { attach, SecretStore, type StoredSecret } from '../../support/secrets-manager-store';

/*
 * Secrets Manager in memory, for the unit tests that must not start a server: a real SecretsManagerClient whose
 * `send` (aws-sdk-client-mock) answers the calls a rotation makes from a SecretStore, as the local Secrets Manager
 * (test/support/secrets-manager-server.ts) answers them over HTTP: the same store, the same errors. The checks
 * (*.check.ts) run the rotations against that server.
 */

const CHARACTERS = {
  letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;

const $metadata = {};

export class FakeSecretsManager extends SecretStore {
  /** Every call, in order: the operation and its input. */
  readonly calls: { readonly operation: string; readonly input: object }[] = [];
  /** Made once; every call of it is answered from this store. */
  readonly client = new SecretsManagerClient({ region: 'eu-west-1' });

  constructor() {
    super();
    const mock = mockClient(this.client);
    const answer =
      <I extends object, O>(operation: string, reply: (input: I) => O) =>
      (input: I) => {
        this.calls.push({ operation, input });
        return reply(input);
      };
    mock.on(DescribeSecretCommand).callsFake(answer('DescribeSecret', (input) => this.describe(input.SecretId)));
    mock.on(GetSecretValueCommand).callsFake(answer('GetSecretValue', (input) => this.getValue(input)));
    mock.on(PutSecretValueCommand).callsFake(answer('PutSecretValue', (input) => this.putValue(input)));
    mock
      .on(UpdateSecretVersionStageCommand)
      .callsFake(answer('UpdateSecretVersionStage', (input) => this.updateStage(input)));
    mock.on(GetRandomPasswordCommand).callsFake(answer('GetRandomPassword', randomPassword));
  }

  callsOf(operation: string): object[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.input);
  }

  /** The raw value labelled `stage`, or undefined. */
  textAt(secretId: string, stage: string): string | undefined {
    return [...this.existing(secretId).versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  private existing(secretId: unknown): StoredSecret {
    const secret = this.find(secretId);
    if (!secret)
      throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata });
    return secret;
  }

  private describe(secretId: unknown) {
    const secret = this.existing(secretId);
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.rotationEnabled === undefined ? {} : { RotationEnabled: secret.rotationEnabled }),
      VersionIdsToStages: this.stages(secret.name),
    };
  }

  private getValue({ SecretId, VersionId, VersionStage }: GetSecretValueRequest) {
    const secret = this.existing(SecretId);
    const stage = VersionStage ?? (VersionId === undefined ? 'AWSCURRENT' : undefined);
    const id = VersionId ?? [...secret.versions].find(([, v]) => v.stages.has(stage as string))?.[0];
    const version = id === undefined ? undefined : secret.versions.get(id);
    if (id === undefined || version?.value === undefined || (stage !== undefined && !version.stages.has(stage))) {
      const which = VersionId !== undefined ? `VersionId: ${VersionId}` : `staging label: ${stage}`;
      throw new ResourceNotFoundException({
        message: `Secrets Manager can't find the specified secret value for ${which}`,
        $metadata,
      });
    }
    return { ARN: secret.arn, Name: secret.name, VersionId: id, SecretString: version.value };
  }

  private putValue({ SecretId, ClientRequestToken, SecretString, VersionStages }: PutSecretValueRequest) {
    const secret = this.existing(SecretId);
    if (ClientRequestToken === undefined || SecretString === undefined) {
      throw new InvalidParameterException({
        message: 'this fake takes a ClientRequestToken and a SecretString',
        $metadata,
      });
    }
    const existing = secret.versions.get(ClientRequestToken);
    if (existing?.value !== undefined && existing.value !== SecretString) {
      throw new ResourceExistsException({
        message: "You can't modify an existing version, you can only create a new version.",
        $metadata,
      });
    }
    secret.versions.set(ClientRequestToken, { value: SecretString, stages: existing?.stages ?? new Set() });
    for (const stage of VersionStages ?? ['AWSCURRENT']) attach(secret, stage, ClientRequestToken);
    return { ARN: secret.arn, Name: secret.name, VersionId: ClientRequestToken };
  }

  private updateStage({
    SecretId,
    VersionStage,
    MoveToVersionId,
    RemoveFromVersionId,
  }: UpdateSecretVersionStageRequest) {
    const secret = this.existing(SecretId);
    const holder = [...secret.versions].find(([, v]) => v.stages.has(VersionStage as string))?.[0];
    const refused = (message: string) => new InvalidParameterException({ message, $metadata });
    if (RemoveFromVersionId !== undefined && holder !== RemoveFromVersionId) {
      throw refused(`The staging label ${VersionStage} is not attached to version ${RemoveFromVersionId}.`);
    }
    if (MoveToVersionId !== undefined) {
      if (holder !== undefined && holder !== MoveToVersionId && RemoveFromVersionId !== holder) {
        throw refused(`The staging label ${VersionStage} is currently attached to version ${holder}.`);
      }
      attach(secret, VersionStage as string, MoveToVersionId);
    }
    return { ARN: secret.arn, Name: secret.name };
  }
}

/** GetRandomPassword for the requests the rotations make: a length, with or without punctuation. */
function randomPassword({ PasswordLength = 32, ExcludePunctuation, ExcludeCharacters = '' }: GetRandomPasswordRequest) {
  const classes = [CHARACTERS.letters, CHARACTERS.numbers, ...(ExcludePunctuation ? [] : [CHARACTERS.punctuation])];
  const all = classes.join('').replace(/./g, (c) => (ExcludeCharacters.includes(c) ? '' : c));
  return { RandomPassword: Array.from({ length: PasswordLength }, () => all[randomInt(all.length)]).join('') };
}

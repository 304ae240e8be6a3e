import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DATABASE_USERS_PROPERTIES, type DatabaseEngineFamily } from '../../../../model/lambda-contracts';
import { AwsJsonServer } from '../../../support/aws-json-server';

/** A secret's ARN in the test account, as Secrets Manager makes them (name, then a random suffix). */
export function secretArn(name: string): string {
  return `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbCdEf`;
}

/** What RDS and CDK write in a database secret. */
export interface SecretValue {
  readonly username: string;
  readonly password: string;
  readonly host?: string;
  readonly port?: number | string;
  readonly engine?: string;
  readonly dbname?: string;
  readonly masterarn?: string;
}

/**
 * A local Secrets Manager (awsJson1_1 on 127.0.0.1) serving the secrets `put` holds, for the real
 * SecretsManagerClient: `client()` makes one pointed at it, `env` points the handler's through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, with static test credentials.
 */
export class SecretsEndpoint {
  private readonly clients: SecretsManagerClient[] = [];

  private constructor(
    readonly server: AwsJsonServer,
    private readonly values: Map<string, SecretValue>,
  ) {}

  static async start(): Promise<SecretsEndpoint> {
    const values = new Map<string, SecretValue>();
    const server = await AwsJsonServer.start({
      GetSecretValue: (input) => {
        const value = values.get(String(input.SecretId));
        if (value === undefined) {
          return { status: 400, errorType: 'ResourceNotFoundException', message: "Secrets Manager can't find it" };
        }
        return {
          body: {
            ARN: input.SecretId,
            Name: String(input.SecretId).split(':').pop(),
            SecretString: JSON.stringify(value),
            VersionId: 'v1',
            VersionStages: ['AWSCURRENT'],
          },
        };
      },
    });
    return new SecretsEndpoint(server, values);
  }

  put(arn: string, value: SecretValue): void {
    this.values.set(arn, value);
  }

  get(arn: string): SecretValue {
    const value = this.values.get(arn);
    if (value === undefined) throw new Error(`no secret ${arn}`);
    return value;
  }

  /** The secrets read so far, by ARN. */
  reads(): string[] {
    return this.server.callsOf('GetSecretValue').map((input) => String(input.SecretId));
  }

  client(): SecretsManagerClient {
    const client = new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint: this.server.url,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    });
    this.clients.push(client);
    return client;
  }

  get env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: this.server.url,
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret',
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
    };
  }

  async stop(): Promise<void> {
    this.clients.splice(0).forEach((client) => client.destroy());
    await this.server.stop();
  }
}

export interface ResourceProperties {
  readonly family: DatabaseEngineFamily;
  readonly databaseName: string;
  readonly masterSecretArn: string;
  readonly applicationSecretArn: string;
}

function properties(props: ResourceProperties): Record<string, string> {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider-framework-onEvent',
    [DATABASE_USERS_PROPERTIES.masterSecretArn]: props.masterSecretArn,
    [DATABASE_USERS_PROPERTIES.applicationSecretArn]: props.applicationSecretArn,
    [DATABASE_USERS_PROPERTIES.engineFamily]: props.family,
    [DATABASE_USERS_PROPERTIES.databaseName]: props.databaseName,
  };
}

const COMMON = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider-framework-onEvent',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/sample-prod-data/1',
  RequestId: 'request-1',
  LogicalResourceId: 'DatabaseUsers',
  ResourceType: 'Custom::DatabaseUsers',
};

/** CloudFormation's events, as the Provider framework hands them to onEvent. */
export const resourceEvent = {
  create: (props: ResourceProperties) => ({
    ...COMMON,
    RequestType: 'Create',
    ResourceProperties: properties(props),
  }),
  update: (props: ResourceProperties, old: ResourceProperties, physicalResourceId: string) => ({
    ...COMMON,
    RequestType: 'Update',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: properties(props),
    OldResourceProperties: properties(old),
  }),
  delete: (props: ResourceProperties, physicalResourceId: string) => ({
    ...COMMON,
    RequestType: 'Delete',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: properties(props),
  }),
};

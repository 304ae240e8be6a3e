import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CacheAuthentication, CacheEngine } from '../../../model/config/cache-schema';
import { CACHE_TOKEN_LENGTH } from '../../../model/lambda-contracts';
import { acknowledgeNagRule } from '../../policy/acknowledge';

export interface CacheAuthProps {
  readonly identifier: string;
  readonly engine: CacheEngine;
  readonly authentication: CacheAuthentication;
  readonly key: kms.IKey;
  /**
   * A user group is needed for IAM, for a token on a serverless cache (which has no AUTH token), and for a rotated
   * token (ElastiCache rotates user passwords, not AUTH tokens).
   */
  readonly userGroup: boolean;
  /** Whether the token rotates (CacheRotation). @default false */
  readonly rotated?: boolean;
}

/**
 * How clients authenticate to the cache:
 * - token: a 64-character AUTH token generated into Secrets Manager (encrypted with the cache's key);
 *   on a serverless cache it is the password of the `default` user of a user group;
 * - iam: an IAM-authenticated user (user id = user name) in a user group whose `default` user is off.
 */
export class CacheAuth extends Construct {
  readonly token?: secretsmanager.Secret;
  readonly userGroup?: elasticache.CfnUserGroup;
  /** The IAM-authenticated user's name (clients sign their AUTH with it). */
  readonly iamUserName?: string;
  readonly iamUser?: elasticache.CfnUser;
  /** The `default` user whose password the token is (a token in a user group). */
  readonly defaultUser?: elasticache.CfnUser;

  constructor(scope: Construct, id: string, props: CacheAuthProps) {
    super(scope, id);
    const users: elasticache.CfnUser[] = [];
    if (props.authentication === 'token') {
      this.token = new secretsmanager.Secret(this, 'Token', {
        description: `AUTH token of the ${props.identifier} cache`,
        encryptionKey: props.key,
        generateSecretString: { passwordLength: CACHE_TOKEN_LENGTH, excludePunctuation: true },
      });
      if (!props.rotated) {
        acknowledgeNagRule(
          this.token,
          'AwsSolutions-SMG4',
          'This environment configures no cache.rotation. The token is generated, kept in Secrets Manager and read ' +
            'only by the execution roles of the services that use the cache.',
        );
      }
      if (props.userGroup) {
        this.defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
          engine: props.engine,
          userId: `${props.identifier}-default`,
          userName: 'default',
          accessString: 'on ~* &* +@all',
          passwords: [this.token.secretValue.unsafeUnwrap()],
        });
        users.push(this.defaultUser);
      }
    } else {
      users.push(
        new elasticache.CfnUser(this, 'DefaultUser', {
          engine: props.engine,
          userId: `${props.identifier}-default`,
          userName: 'default',
          accessString: 'off -@all',
          noPasswordRequired: true,
        }),
      );
      this.iamUserName = `${props.identifier}-app`;
      this.iamUser = new elasticache.CfnUser(this, 'IamUser', {
        engine: props.engine,
        userId: this.iamUserName,
        userName: this.iamUserName,
        accessString: 'on ~* &* +@all',
        authenticationMode: { Type: 'iam' },
      });
      users.push(this.iamUser);
    }
    if (users.length > 0) {
      this.userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
        engine: props.engine,
        userGroupId: props.identifier,
        userIds: users.map((u) => u.userId),
      });
      users.forEach((u) => this.userGroup?.node.addDependency(u));
    }
  }

  /** The user's ARN, for `elasticache:Connect` grants. */
  userArn(): string | undefined {
    if (!this.iamUser) return undefined;
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'user',
      resourceName: this.iamUser.userId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { imageKeyAlias } from '../naming';
import { restrictGrantsToAwsServices } from '../policy/key-grants';

export interface ImageRepositoryProps {
  readonly repositoryName: string;
  /** Accounts whose ECS task execution roles pull the image. */
  readonly pullAccounts: readonly string[];
  /** @default 50 */
  readonly keepImages?: number;
}

/**
 * The pipeline's image repository: immutable tags (a commit's image never changes), scan on push,
 * a lifecycle policy, a customer-managed key, and pull access for the environment accounts.
 */
export class ImageRepository extends Construct {
  readonly repository: ecr.Repository;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts images in ${props.repositoryName}`,
      enableKeyRotation: true,
      alias: imageKeyAlias(props.repositoryName),
    });
    restrictGrantsToAwsServices(this.key);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          description: 'Drop untagged layers',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(7),
          rulePriority: 1,
        },
        {
          description: 'Keep the newest commits',
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount: props.keepImages ?? 50,
          rulePriority: 2,
        },
      ],
    });
    for (const account of props.pullAccounts) {
      const principal = new iam.AccountPrincipal(account);
      this.repository.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [principal],
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        }),
      );
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [principal],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringLike: { 'kms:ViaService': 'ecr.*.amazonaws.com' } },
        }),
      );
    }
  }
}

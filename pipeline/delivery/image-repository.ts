import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { imageKeyAlias } from '../../model/naming';
import { restrictGrantsToAwsServices } from '../policy/key-grants';

export interface ImageRepositoryProps {
  readonly repositoryName: string;
  /** The ECS task execution roles (in the environment accounts) that pull the image, by ARN. */
  readonly pullRoleArns: readonly string[];
  /**
   * Days an image is kept after its push. Expiry is by age only, never by count: an environment that lags behind
   * (prod behind staging after many merges) must still find the image it runs for scale-out, task replacement and
   * rollback. An environment that deploys nothing for this long may lose its image.
   */
  readonly imageRetentionDays: number;
  /**
   * Roles of another account that read the images' scans (the release pipeline's Verify step in a release account of
   * its own), by ARN.
   * @default - none
   */
  readonly scanReaderRoleArns?: readonly string[];
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
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lifecycleRules: [
        {
          description: 'Drop untagged layers',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(7),
          rulePriority: 1,
        },
        {
          description: 'Expire commits by age only, so an environment that lags behind still finds its image',
          tagStatus: ecr.TagStatus.ANY,
          maxImageAge: Duration.days(props.imageRetentionDays),
          rulePriority: 2,
        },
      ],
    });
    this.admitScanReaders(props.scanReaderRoleArns ?? []);
    // The execution roles are named in a condition, not as principals: they exist only once their environment's
    // stack is deployed, after this one, and a policy naming a principal that does not exist yet is refused.
    const accounts = accountsOf(props.pullRoleArns);
    const onlyExecutionRoles = { ArnEquals: { 'aws:PrincipalArn': [...props.pullRoleArns] } };
    const principals = accounts.map((account) => new iam.AccountPrincipal(account));
    if (principals.length === 0) return;
    this.repository.addToResourcePolicy(
      new iam.PolicyStatement({
        principals,
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        conditions: onlyExecutionRoles,
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ...onlyExecutionRoles, StringLike: { 'kms:ViaService': 'ecr.*.amazonaws.com' } },
      }),
    );
  }

  /** Lets roles of other accounts read the scans (not the images); named by condition, as the pull roles are. */
  private admitScanReaders(roleArns: readonly string[]): void {
    if (roleArns.length === 0) return;
    this.repository.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: accountsOf(roleArns).map((account) => new iam.AccountPrincipal(account)),
        actions: ['ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': [...roleArns] } },
      }),
    );
  }
}

/** The accounts of role ARNs, each once. */
function accountsOf(roleArns: readonly string[]): string[] {
  return [...new Set(roleArns.map((arn) => arn.split(':')[4]))];
}

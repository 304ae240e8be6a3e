import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ImageRepository } from './image-repository';

export interface RegionalImagesStackProps extends StackProps {
  /** The repositories to keep here: the same names as in the pipeline's region, with the roles that pull each. */
  readonly repositories: readonly { readonly repositoryName: string; readonly pullRoleArns: readonly string[] }[];
  /** Days an image is kept after its push, as in the pipeline's region. */
  readonly imageRetentionDays: number;
}

/**
 * The tools account's image repositories in one more region where environments run: the same construct as in the
 * pipeline's region (immutable tags, scan on push, a customer-managed key with the same alias, age-only expiry,
 * pull access for exactly the execution roles of the environments in this region). The image step copies each
 * commit's image here by digest; the pipeline stack depends on this stack, so self-mutation deploys it first.
 */
export class RegionalImagesStack extends Stack {
  readonly repositories: ImageRepository[];

  constructor(scope: Construct, id: string, props: RegionalImagesStackProps) {
    super(scope, id, props);
    this.repositories = props.repositories.map(
      ({ repositoryName, pullRoleArns }) =>
        new ImageRepository(this, `Images-${repositoryName.replace(/[^A-Za-z0-9]/g, '-')}`, {
          repositoryName,
          pullRoleArns,
          imageRetentionDays: props.imageRetentionDays,
        }),
    );
  }
}

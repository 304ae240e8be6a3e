import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';

const ACCOUNT = '333333333333';
const BUCKET = `cdk-hnb659fds-assets-${ACCOUNT}-eu-west-1`;
const PUBLISHING_ROLE = `arn:\${AWS::Partition}:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-eu-west-1`;

/**
 * A nested cloud assembly as CDK writes one for a stage: one stack, its template, and the asset manifest that
 * publishes the template under its SHA-256 (the key the stack deploys from) and any `files` given.
 */
export function writeNestedAssembly(
  dir: string,
  template: unknown = {},
  files: Record<string, unknown> = {},
  stack = 'AppProdService',
): void {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(template, null, 1);
  const key = `${createHash('sha256').update(text).digest('hex')}.json`;
  writeFileSync(join(dir, `${stack}.template.json`), text);
  const templateAsset = {
    source: { path: `${stack}.template.json`, packaging: 'file' },
    destinations: { prod: { bucketName: BUCKET, objectKey: key, assumeRoleArn: PUBLISHING_ROLE } },
  };
  writeFileSync(
    join(dir, `${stack}.assets.json`),
    JSON.stringify({ version: Manifest.version(), files: { template: templateAsset, ...files } }),
  );
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: Manifest.version(),
      artifacts: {
        [`${stack}.assets`]: { type: 'cdk:asset-manifest', properties: { file: `${stack}.assets.json` } },
        [stack]: {
          type: 'aws:cloudformation:stack',
          environment: `aws://${ACCOUNT}/eu-west-1`,
          properties: {
            templateFile: `${stack}.template.json`,
            stackTemplateAssetObjectUrl: `s3://${BUCKET}/${key}`,
            stackName: 'app-prod-service',
          },
          dependencies: [`${stack}.assets`],
        },
      },
    }),
  );
}

export const ZIP_ASSET = {
  source: { path: '../asset.1234', packaging: 'zip' },
  destinations: { prod: { bucketName: BUCKET, objectKey: `${'1'.repeat(64)}.zip`, assumeRoleArn: PUBLISHING_ROLE } },
};

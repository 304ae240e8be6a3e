import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { parseManifest, RELEASES_PREFIX, type ReleaseManifest } from './release-manifest';
import type { ExistingObject } from './retention';

export interface BucketState {
  readonly existing: ExistingObject[];
  readonly releases: ReleaseManifest[];
}

/**
 * Every object of the bucket (ListObjectsV2, all pages) and every release manifest under `.releases/`.
 * An object without LastModified or a manifest that cannot be read stops the publish: the retention
 * decision would be a guess.
 */
export async function readBucketState(s3: S3Client, bucket: string): Promise<BucketState> {
  const existing: ExistingObject[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || object.LastModified === undefined) {
        throw new Error(`ListObjectsV2 on ${bucket} returned an object without Key or LastModified`);
      }
      existing.push({ key: object.Key, lastModified: object.LastModified });
    }
  }
  const manifestKeys = existing.map((o) => o.key).filter((k) => k.startsWith(RELEASES_PREFIX) && k.endsWith('.json'));
  const releases: ReleaseManifest[] = [];
  for (const key of manifestKeys) {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (answer.Body === undefined) throw new Error(`GetObject ${key} returned no body`);
    releases.push(parseManifest(key, await answer.Body.transformToString('utf8')));
  }
  return { existing, releases };
}

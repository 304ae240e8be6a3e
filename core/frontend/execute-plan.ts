import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishPlan, PublishStep } from './plan-publish';

/** DeleteObjects takes at most 1000 keys per call. */
const DELETE_BATCH = 1000;
/** Uploads in flight at once within the hashed and other phases (the entry phase is sequential). */
const UPLOAD_CONCURRENCY = 6;

export interface PublishTarget {
  readonly s3: S3Client;
  readonly cloudfront: CloudFrontClient;
  readonly bucket: string;
  readonly distributionId: string;
  /** The build output directory the plan's file sources are relative to. */
  readonly dir: string;
  /** Unique per publish: CloudFront treats a repeated caller reference as the same request. */
  readonly callerReference: string;
  /** One line per finished phase. */
  readonly log: (line: string) => void;
}

/** A step that failed; the steps before it are done, the ones after it were not started. */
export class PublishStepError extends Error {
  override readonly name = 'PublishStepError';
}

/**
 * Runs the plan's steps in order against S3 and CloudFront and stops at the first failure, so an
 * upload that fails is never followed by an invalidation or a deletion.
 */
export async function executePlan(plan: PublishPlan, target: PublishTarget): Promise<{ invalidationId: string }> {
  let invalidationId = '';
  for (const group of groupSteps(plan.steps)) {
    const first = group[0];
    if (first.kind === 'upload') {
      const parallel = first.phase === 'hashed' || first.phase === 'other';
      await runPool(group, parallel ? UPLOAD_CONCURRENCY : 1, (step) => upload(step, target));
      target.log(`uploaded ${group.length} ${first.phase} object${group.length === 1 ? '' : 's'} (${cacheOf(first)})`);
    } else if (first.kind === 'invalidate') {
      invalidationId = await invalidate(first.paths, target);
      target.log(`invalidation ${invalidationId} of ${first.paths.length} paths: ${first.paths.join(' ')}`);
    } else if (first.kind === 'delete') {
      await remove(first.keys, target);
      target.log(`deleted ${first.keys.length} objects of releases past the retention window`);
    }
  }
  return { invalidationId };
}

/** Consecutive upload steps of the same phase form one group; every other step is its own. */
function groupSteps(steps: readonly PublishStep[]): PublishStep[][] {
  const groups: PublishStep[][] = [];
  for (const step of steps) {
    const last = groups.at(-1)?.[0];
    if (last?.kind === 'upload' && step.kind === 'upload' && last.phase === step.phase) groups.at(-1)?.push(step);
    else groups.push([step]);
  }
  return groups;
}

async function runPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(size, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

const cacheOf = (step: PublishStep) => (step.kind === 'upload' ? step.cacheControl : '');

async function upload(step: PublishStep, target: PublishTarget): Promise<void> {
  if (step.kind !== 'upload') return;
  const body = 'file' in step.source ? readFileSync(join(target.dir, step.source.file)) : Buffer.from(step.source.text);
  try {
    await target.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: step.key,
        Body: body,
        CacheControl: step.cacheControl,
        ContentType: step.contentType,
      }),
    );
  } catch (error) {
    throw new PublishStepError(`PutObject s3://${target.bucket}/${step.key} failed: ${describe(error)}`);
  }
}

async function invalidate(paths: readonly string[], target: PublishTarget): Promise<string> {
  try {
    const answer = await target.cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: target.distributionId,
        InvalidationBatch: {
          CallerReference: target.callerReference,
          Paths: { Quantity: paths.length, Items: [...paths] },
        },
      }),
    );
    const id = answer.Invalidation?.Id;
    if (id === undefined) throw new Error('the answer has no Invalidation.Id');
    return id;
  } catch (error) {
    throw new PublishStepError(
      `CreateInvalidation on distribution ${target.distributionId} failed: ${describe(error)}; the new files are uploaded, but edge caches may serve the previous index.html until it expires — run the publish again`,
    );
  }
}

async function remove(keys: readonly string[], target: PublishTarget): Promise<void> {
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    const batch = keys.slice(i, i + DELETE_BATCH);
    let errors: { Key?: string; Code?: string }[];
    try {
      const answer = await target.s3.send(
        new DeleteObjectsCommand({
          Bucket: target.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      errors = answer.Errors ?? [];
    } catch (error) {
      throw new PublishStepError(`DeleteObjects on ${target.bucket} failed: ${describe(error)}`);
    }
    if (errors.length > 0) {
      const list = errors.map((e) => `${e.Key ?? '?'} (${e.Code ?? 'unknown'})`).join(', ');
      throw new PublishStepError(`DeleteObjects on ${target.bucket} could not delete ${list}`);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

import { DescribeImageScanFindingsCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { isTransientError } from '../aws-errors';
import { findingsOfPage, type Finding } from './finding';
import { normalizeReportedCounts, type ScanSnapshot } from './scan-snapshot';

/** The image whose scan is judged, always by digest (a tag could move while we wait). */
export interface ImageRef {
  readonly repository: string;
  readonly digest: string;
  /** Account of the registry; the caller's own registry when absent. */
  readonly registryId?: string;
}

/** One read of the scan: a snapshot, a reason to read again later, or a reason to give up now. */
export type ScanRead =
  | { readonly kind: 'snapshot'; readonly snapshot: ScanSnapshot }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'fatal'; readonly reason: string };

/** Reads the whole scan result; `timeLeftMs` bounds how long the read may take. */
export type ReadScan = (timeLeftMs: number) => Promise<ScanRead>;

/** Largest page ECR serves; fewer round trips for big images. */
export const PAGE_SIZE = 1000;
/** 100 000 findings: far beyond any real image, so more pages mean ECR (or a proxy) is looping. */
export const MAX_PAGES = 100;
/** A read at the deadline still gets this long to answer, so the last look is not cut off at once. */
export const MIN_READ_MS = 1000;

export interface EcrScanReaderOptions {
  /** Least time a read gets, even at the deadline. @default MIN_READ_MS */
  readonly minReadMs?: number;
}

class MalformedAnswer extends Error {}

/** A ReadScan over DescribeImageScanFindings that follows every `nextToken` of one read. */
export function ecrScanReader(client: ECRClient, image: ImageRef, options: EcrScanReaderOptions = {}): ReadScan {
  const minReadMs = options.minReadMs ?? MIN_READ_MS;
  return async (timeLeftMs) => {
    const abortSignal = AbortSignal.timeout(Math.max(timeLeftMs, minReadMs));
    try {
      return { kind: 'snapshot', snapshot: await readAllPages(client, image, abortSignal) };
    } catch (error) {
      return classifyError(error, image);
    }
  };
}

async function readAllPages(client: ECRClient, image: ImageRef, abortSignal: AbortSignal): Promise<ScanSnapshot> {
  const findings: Finding[] = [];
  const tokens = new Set<string>();
  let first: { status?: string; description?: string; completedAt?: Date; counts?: Record<string, number> } | undefined;
  let pagesDisagree: string | undefined;
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new MalformedAnswer(`ECR kept paginating beyond ${MAX_PAGES} pages of findings`);
    const answer = await client.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: image.repository,
        registryId: image.registryId,
        imageId: { imageDigest: image.digest },
        maxResults: PAGE_SIZE,
        nextToken,
      }),
      { abortSignal },
    );
    const answeredDigest = answer.imageId?.imageDigest;
    if (answeredDigest !== undefined && answeredDigest !== image.digest) {
      throw new MalformedAnswer(`ECR answered for image ${answeredDigest}, not ${image.digest}`);
    }
    const counts = normalizeReportedCounts(answer.imageScanFindings?.findingSeverityCounts);
    if ('problem' in counts) throw new MalformedAnswer(`ECR answered with ${counts.problem}`);
    const current = {
      status: answer.imageScanStatus?.status,
      description: answer.imageScanStatus?.description,
      completedAt: answer.imageScanFindings?.imageScanCompletedAt,
      counts: counts.counts,
    };
    first ??= current;
    if (current.status !== first.status) {
      pagesDisagree ??= `scan status changed from ${first.status} to ${current.status} while the findings were read`;
    } else if (JSON.stringify(current.counts) !== JSON.stringify(first.counts)) {
      pagesDisagree ??= 'findingSeverityCounts changed while the findings were read';
    }
    findings.push(...findingsOfPage(answer.imageScanFindings));
    nextToken = answer.nextToken || undefined;
    if (nextToken === undefined) break;
    if (tokens.has(nextToken)) throw new MalformedAnswer(`ECR repeated the nextToken ${JSON.stringify(nextToken)}`);
    tokens.add(nextToken);
  }
  return {
    status: first.status,
    description: first.description,
    completedAt: first.completedAt,
    findings,
    reportedCounts: first.counts,
    pagesDisagree,
  };
}

/** Errors that can clear up while we wait are retried until the timeout; the rest end the gate at once. */
function classifyError(error: unknown, image: ImageRef): ScanRead {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const where = `repository ${image.repository}${image.registryId ? ` of registry ${image.registryId}` : ''}`;
  if (error instanceof MalformedAnswer) return { kind: 'fatal', reason: message };
  switch (name) {
    case 'ScanNotFoundException':
      return {
        kind: 'retry',
        reason: `ECR has no scan of the image yet (ScanNotFoundException); is scan on push enabled for ${where}?`,
      };
    case 'ImageNotFoundException':
      return { kind: 'fatal', reason: `image ${image.digest} does not exist in ${where} (ImageNotFoundException)` };
    case 'RepositoryNotFoundException':
      return { kind: 'fatal', reason: `${where} does not exist (RepositoryNotFoundException)` };
    case 'AccessDeniedException':
      return {
        kind: 'fatal',
        reason: `access denied: the caller needs ecr:DescribeImageScanFindings on ${where} (${message})`,
      };
    case 'AbortError':
    case 'TimeoutError':
      return { kind: 'retry', reason: 'ECR did not answer in time' };
  }
  if (isTransientError(error)) return { kind: 'retry', reason: `${name}: ${message}` };
  return { kind: 'fatal', reason: `${name}: ${message}` };
}

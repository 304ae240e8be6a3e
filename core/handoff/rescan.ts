import {
  renderReport,
  runScanGate,
  type GateDependencies,
  type GateResult,
  type ScanPolicy,
  type WaitTiming,
} from '../scan-gate';
import type { CandidateImage } from './candidate-images';

/** One image's verdict, judged again by the release pipeline's own tool. */
export interface Rescan {
  readonly image: CandidateImage;
  readonly result: GateResult;
  /** The scan gate's report of the image. */
  readonly report: string;
}

/**
 * Judges every image of a candidate by its scan, as the delivery pipeline's scan gate did, but with the pinned
 * tool: the candidate's own gate ran the commit's code, which could pass anything. One image after another, each
 * with the whole `timing` (the scans are complete by now, so a wait means something is wrong).
 */
export async function rescanImages(
  images: readonly CandidateImage[],
  policy: ScanPolicy,
  timing: WaitTiming,
  deps: (image: CandidateImage) => GateDependencies,
): Promise<Rescan[]> {
  const judged: Rescan[] = [];
  for (const image of images) {
    const result = await runScanGate(policy, timing, deps(image));
    judged.push({ image, result, report: renderReport(result, image.image, policy) });
  }
  return judged;
}

import type { ReadScan } from './ecr-scan-reader';
import { judgeFindings, type Judgement, type ScanPolicy } from './judge';
import type { ScanSnapshot } from './scan-snapshot';
import type { Clock, Sleep } from '../timing';
import { waitForScan, type WaitTiming } from './wait-for-scan';

/** pass: judged, nothing blocks. block: judged, something blocks. error: not judged, so not passed either. */
export type GateResult =
  | {
      readonly verdict: 'pass' | 'block';
      readonly snapshot: ScanSnapshot;
      readonly judgement: Judgement;
      readonly reads: number;
    }
  | {
      readonly verdict: 'error';
      readonly reason: string;
      readonly lastStatus: string | undefined;
      readonly reads: number;
    };

export interface GateDependencies {
  readonly read: ReadScan;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly onWait?: (reason: string) => void;
}

/** Waits for a judgeable scan and judges it against the policy; allowlist expiry is judged at the clock's "now". */
export async function runScanGate(policy: ScanPolicy, timing: WaitTiming, deps: GateDependencies): Promise<GateResult> {
  const outcome = await waitForScan(deps.read, timing, deps.clock, deps.sleep, deps.onWait);
  if (outcome.kind === 'unjudgeable') {
    return { verdict: 'error', reason: outcome.reason, lastStatus: outcome.lastStatus, reads: outcome.reads };
  }
  const judgement = judgeFindings(outcome.snapshot.findings, policy, new Date(deps.clock()));
  return {
    verdict: judgement.blocking.length > 0 ? 'block' : 'pass',
    snapshot: outcome.snapshot,
    judgement,
    reads: outcome.reads,
  };
}

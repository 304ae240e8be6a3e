import { ECRClient } from '@aws-sdk/client-ecr';
import { candidateImages, repositoryPrefix } from '../../core/handoff/candidate-images';
import { verifyCandidate } from '../../core/handoff/candidate';
import { rescanImages } from '../../core/handoff/rescan';
import { checkCandidateStages, checkStackNames, releaseStages } from '../../core/handoff/deployable-assembly';
import { checkPinnedImages } from '../../core/handoff/template-images';
import { DEFAULT_INTERVAL_MS, DEFAULT_MAX_INTERVAL_MS, ecrScanReader } from '../../core/scan-gate';
import { sleep } from '../../core/timing';
import { optional, required } from '../args';
import { UsageError } from '../context';
import { CONFIG_FLAG } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { candidateOperand } from './candidate-operand';
import { waitTiming } from '../wait-timing';

export const HANDOFF_SCAN_HELP: CommandHelp = {
  command: 'handoff scan',
  operands: 'DIR',
  flags: {
    'repository-prefix': {
      type: 'string',
      value: 'PREFIX',
      required: true,
      help: `<account>.dkr.ecr.<region>.amazonaws.com/<application>/: each image must be its service's repository there`,
    },
    stages: {
      type: 'string',
      value: 'ENV=ASSEMBLY,…',
      required: true,
      help: "the protected environments this release pipeline deploys and their nested assemblies (the release stack's own, never the candidate's)",
    },
    config: CONFIG_FLAG,
    'timeout-seconds': { type: 'string', value: 'N', help: 'how long to wait for each scan (default: 300)' },
    'poll-seconds': {
      type: 'string',
      value: 'N',
      help: `first pause between reads, doubling up to ${DEFAULT_MAX_INTERVAL_MS / 1000} s (default: ${DEFAULT_INTERVAL_MS / 1000})`,
    },
  },
  description: `
Refuses a candidate whose protected task definitions name an image of the application's repositories other than by
the digest the manifest gives it. Then judges the scan of every image a candidate names, as the delivery pipeline's
scan gate did, with this tool and the
'scan' section of --config (the candidate's configuration, which the guardrails check judges). The release
pipeline's Verify step runs it, so a commit that changed its own scan gate still meets this one. Exit 0: every
image passed; 1: one blocked, could not be judged, or is not its service's repository under --repository-prefix.`,
};

/** `bluegreen handoff scan DIR`: the candidate's images judged again (core/handoff/rescan.ts). */
export const handoffScan: Command = async (args, context) => {
  const operand = candidateOperand(args, HANDOFF_SCAN_HELP, context);
  if (!operand) return 0;
  const { candidate, flags } = operand;
  const { manifest } = verifyCandidate(candidate);
  const prefixText = required(flags, 'repository-prefix');
  const prefix = repositoryPrefix(prefixText);
  if (!prefix) {
    throw new UsageError(
      `--repository-prefix must be <account>.dkr.ecr.<region>.amazonaws.com/<application>/, got '${prefixText}'`,
    );
  }
  const images = candidateImages(manifest.images, prefix);
  const stages = releaseStages(required(flags, 'stages'));
  checkCandidateStages(manifest.assemblies, stages);
  checkStackNames(candidate, stages, prefix.path.replace(/\/$/, ''));
  checkPinnedImages(
    candidate,
    Object.values(manifest.assemblies),
    prefix.registryId,
    prefix.path,
    new Map(images.map(({ image }) => [image.repository, image.digest])),
  );
  const policy = context.config(optional(flags, 'config')).scan;
  const { timeoutMs, pollMs } = waitTiming(flags, {
    timeout: { default: 300, max: 3600 },
    poll: { default: DEFAULT_INTERVAL_MS / 1000, max: 300 },
  });
  const clients = new Map<string, ECRClient>();
  try {
    const judged = await rescanImages(
      images,
      policy,
      { timeoutMs, intervalMs: pollMs, maxIntervalMs: DEFAULT_MAX_INTERVAL_MS },
      (candidate) => {
        // Created here, not at import, so the SDK reads AWS_ENDPOINT_URL_ECR as it is now.
        const client = clients.get(candidate.region) ?? new ECRClient({ region: candidate.region });
        clients.set(candidate.region, client);
        return {
          read: ecrScanReader(client, candidate.image),
          clock: Date.now,
          sleep,
          onWait: (reason) => context.stderr(`handoff scan: ${candidate.service}: waiting: ${reason}\n`),
        };
      },
    );
    for (const { report } of judged) context.stdout(report);
    return judged.every(({ result }) => result.verdict === 'pass') ? 0 : 1;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
};

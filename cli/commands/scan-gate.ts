import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  DEFAULT_INTERVAL_MS,
  DEFAULT_MAX_INTERVAL_MS,
  ecrScanReader,
  gateSummary,
  renderReport,
  runScanGate,
  type GateResult,
  type ImageRef,
} from '../../core/scan-gate';
import { sleep } from '../../core/timing';
import { optional, optionalRegion, parseCommandArgs, required } from '../args';
import { UsageError } from '../context';
import { CONFIG_FLAG } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'scan-gate',
  flags: {
    repository: { type: 'string', value: 'NAME', required: true, help: 'ECR repository name (not the URI)' },
    digest: { type: 'string', value: 'DIGEST', required: true, help: 'image digest, sha256:<64 hex>' },
    config: CONFIG_FLAG,
    'registry-id': {
      type: 'string',
      value: 'ACCOUNT',
      help: `12-digit account of the registry (default: the caller's)`,
    },
    region: {
      type: 'string',
      value: 'REGION',
      help: `region of the repository (default: the SDK's chain, AWS_REGION or the profile;
when that yields none, the config's pipeline.region, where the pipeline's repository lives)`,
    },
    'summary-out': {
      type: 'string',
      value: 'FILE',
      help: 'also write a JSON summary (verdict, counts, blocking ids, digest) to FILE',
    },
    'timeout-seconds': {
      type: 'string',
      value: 'N',
      help: 'overall wait (default: scan.timeoutSeconds of the config)',
    },
    'poll-seconds': {
      type: 'string',
      value: 'N',
      help: `first pause between reads, doubling up to ${DEFAULT_MAX_INTERVAL_MS / 1000} s (default: ${DEFAULT_INTERVAL_MS / 1000})`,
    },
  },
  description: `
Waits for the ECR scan of the image (basic or enhanced), judges its findings against the config's
'scan' section (failOn, onlyFixable, allowlist) and prints what blocked. Exit 0: passed; 1: blocked,
or the scan could not be judged (failed, unsupported, timed out, …); 2: wrong usage or config.`,
};

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ACCOUNT = /^\d{12}$/;

/** `bluegreen scan-gate`: a thin shell over core/scan-gate with the real ECR client, clock and sleep. */
export const scanGate: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const image = imageFlags(required(flags, 'repository'), required(flags, 'digest'), optional(flags, 'registry-id'));
  const region = optionalRegion(flags);
  const timeoutSeconds = secondsFlag(flags, 'timeout-seconds', 3600);
  const pollSeconds = secondsFlag(flags, 'poll-seconds', 300);
  const summaryOut = optional(flags, 'summary-out');

  const config = context.config(optional(flags, 'config'));
  const policy = config.scan;
  const timing = {
    timeoutMs: (timeoutSeconds ?? policy.timeoutSeconds) * 1000,
    intervalMs: pollSeconds === undefined ? DEFAULT_INTERVAL_MS : pollSeconds * 1000,
    maxIntervalMs: DEFAULT_MAX_INTERVAL_MS,
  };

  context.stderr(
    `scan-gate: waiting up to ${timing.timeoutMs / 1000} s for the scan of ${image.repository}@${image.digest}\n`,
  );
  // Created here, not at import, so the SDK reads AWS_REGION / AWS_ENDPOINT_URL_ECR as they are now.
  const client = new ECRClient({ region: region ?? (await resolveEcrRegion(config.pipeline.region)) });
  let result: GateResult;
  try {
    result = await runScanGate(policy, timing, {
      read: ecrScanReader(client, image),
      clock: Date.now,
      sleep,
      onWait: (reason) => context.stderr(`scan-gate: waiting: ${reason}\n`),
    });
  } finally {
    client.destroy();
  }

  context.stdout(renderReport(result, image, policy));
  if (summaryOut !== undefined) {
    const path = resolve(context.cwd, summaryOut);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(gateSummary(result, image, policy), null, 2) + '\n');
  }
  return result.verdict === 'pass' ? 0 : 1;
};

/**
 * The SDK's standard region chain (AWS_REGION, then the shared config profile); when it finds
 * none, `fallback`. The gate usually checks the pipeline's own repository, which lives in the
 * pipeline region, so that is the sensible default on a laptop without AWS_REGION; CodeBuild always
 * sets AWS_REGION, so there the chain decides.
 */
export async function resolveEcrRegion(fallback: string): Promise<string> {
  const probe = new ECRClient({});
  try {
    return await probe.config.region();
  } catch {
    return fallback;
  } finally {
    probe.destroy();
  }
}

function imageFlags(repository: string, digest: string, registryId: string | undefined): ImageRef {
  if (repository.includes('.amazonaws.com')) {
    throw new UsageError(
      `--repository takes the repository name, not its URI: for '${repository}' pass '${repository.replace(/^[^/]*\//, '')}'`,
    );
  }
  if (repository.length < 2 || repository.length > 256 || !REPOSITORY.test(repository)) {
    throw new UsageError(
      `--repository must be an ECR repository name such as my-app or team/my-app (not a URI), got '${repository}'`,
    );
  }
  if (!DIGEST.test(digest)) throw new UsageError(`--digest must be sha256:<64 lower-case hex>, got '${digest}'`);
  if (registryId !== undefined && !ACCOUNT.test(registryId)) {
    throw new UsageError(`--registry-id must be a 12-digit AWS account id, got '${registryId}'`);
  }
  return { repository, digest, ...(registryId === undefined ? {} : { registryId }) };
}

function secondsFlag(flags: Parameters<typeof optional>[0], flag: string, max: number): number | undefined {
  const text = optional(flags, flag);
  if (text === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= max))
    throw new UsageError(`--${flag} must be a number of seconds above 0 and at most ${max}, got '${text}'`);
  return value;
}

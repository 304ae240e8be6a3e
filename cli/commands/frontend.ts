import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  executePlan,
  planPublish,
  PublishPlanError,
  readBucketState,
  readBuildOutput,
  type PublishPlan,
} from '../../core/frontend';
import { resolveConfigPath } from '../../model/config/config-path';
import { DEFAULT_PUBLISH_SETTINGS, type FrontendPublishSettings } from '../../model/config/frontend-schema';
import { optional, parseCommandArgs, required } from '../args';
import { UsageError, type CliContext } from '../context';
import { environmentFlag } from '../common-flags';
import { commandHelp, type CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'frontend publish',
  flags: {
    environment: environmentFlag('environment name written into the runtime config'),
    dir: {
      type: 'string',
      value: 'DIR',
      required: true,
      help: `the frontend's build output (index.html at its top level)`,
    },
    bucket: { type: 'string', value: 'B', required: true, help: `the environment's site bucket` },
    'distribution-id': {
      type: 'string',
      value: 'D',
      required: true,
      help: `the environment's CloudFront distribution`,
    },
    'api-base-url': {
      type: 'string',
      value: 'URL',
      required: true,
      help: 'the API as the page calls it: a same-origin path (/api) or an https:// URL',
    },
    commit: { type: 'string', value: 'SHA', help: 'release id (default: $CODEBUILD_RESOLVED_SOURCE_VERSION)' },
    config: {
      type: 'string',
      value: 'FILE',
      help: `configuration whose frontend: block gives the publish settings
(default: $PIPELINE_CONFIG or pipeline.config.yaml; the settings' defaults
when it has no frontend: block)`,
    },
    'dry-run': { type: 'boolean', help: 'read the bucket and print the plan, change nothing' },
    's3-force-path-style': {
      type: 'boolean',
      help: 'address the bucket in the path (for S3-compatible endpoints by host name)',
    },
  },
  description: `
Publishes one release of the frontend (the build output in DIR) to an environment's bucket:
1. content-hashed assets (frontend.hashedAssetPattern) with Cache-Control: public, max-age=31536000, immutable
   (those already in the bucket are skipped: same name, same content);
2. the other files with Cache-Control: no-cache;
3. the release manifest .releases/<commit>.json;
4. the runtime config (frontend.runtimeConfigFile: { apiBaseUrl, environment, version }) and index.html last;
5. one CloudFront invalidation of the non-hashed paths (never /*);
6. deletion of objects that no release live within frontend.keepPreviousAssetsDays uses.
Rolling back = publishing the previous commit's build output with --commit <previous sha>.
Uses the SDK's standard credentials and endpoint chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_S3,
AWS_ENDPOINT_URL_CLOUDFRONT, ...).

Exit 0: published and invalidated; 1: an S3 or CloudFront call failed (the steps after it did not run);
2: wrong usage or a build output / config that cannot be published.`,
};

/** `bluegreen frontend publish`: a thin shell over core/frontend with the real S3 and CloudFront clients. */
export const frontend: Command = async (args, context) => {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    context.stdout(commandHelp(HELP));
    return 0;
  }
  if (sub !== 'publish')
    throw new UsageError(`unknown subcommand '${sub ?? ''}' (allowed: publish)\n${commandHelp(HELP)}`);
  const flags = parseCommandArgs(rest, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  const dir = resolve(context.cwd, required(flags, 'dir'));
  const bucket = required(flags, 'bucket');
  const distributionId = required(flags, 'distribution-id');
  const apiBaseUrl = required(flags, 'api-base-url');
  const commit = optional(flags, 'commit') ?? context.env.CODEBUILD_RESOLVED_SOURCE_VERSION;
  if (commit === undefined || commit === '') {
    throw new UsageError('missing --commit (and CODEBUILD_RESOLVED_SOURCE_VERSION is not set)');
  }
  const settings = publishSettings(optional(flags, 'config') ?? context.env.PIPELINE_CONFIG, context);

  const s3 = new S3Client({ forcePathStyle: flags['s3-force-path-style'] === true });
  const cloudfront = new CloudFrontClient({ region: 'us-east-1' });
  try {
    const now = new Date();
    let plan: PublishPlan;
    try {
      const files = readBuildOutput(dir);
      const state = await readBucketState(s3, bucket);
      plan = planPublish({ files, ...state, now, settings: { ...settings, commit, environment, apiBaseUrl } });
    } catch (error) {
      if (error instanceof PublishPlanError) throw new UsageError(error.message);
      throw error;
    }
    context.stdout(summary(plan, bucket));
    if (flags['dry-run'] === true) return 0;
    const { invalidationId } = await executePlan(plan, {
      s3,
      cloudfront,
      bucket,
      distributionId,
      dir,
      callerReference: `bluegreen-${environment}-${commit}-${now.getTime()}`,
      log: (line) => context.stdout(`${line}\n`),
    });
    context.stdout(`frontend: PUBLISHED ${commit} to ${environment} (invalidation ${invalidationId})\n`);
    return 0;
  } finally {
    s3.destroy();
    cloudfront.destroy();
  }
};

function summary(plan: PublishPlan, bucket: string): string {
  const uploads = plan.steps.filter((s) => s.kind === 'upload').length;
  const deletes = plan.steps.flatMap((s) => (s.kind === 'delete' ? s.keys : []));
  return (
    `Release ${plan.manifest.commit} for ${plan.manifest.environment} into s3://${bucket}: ` +
    `${uploads} uploads, ${plan.unchanged.length} hashed assets unchanged, ` +
    `kept releases: ${plan.retained.join(', ') || 'none'}, ${deletes.length} objects to delete\n`
  );
}

/**
 * The publish settings of the configuration's `frontend:` block (the whole configuration is loaded and
 * validated), or the defaults when the configuration has no frontend, or when no file was named and the
 * default one does not exist (publishing by hand outside a repository).
 */
function publishSettings(file: string | undefined, context: CliContext): FrontendPublishSettings {
  if (file === undefined && !existsSync(resolveConfigPath(undefined, context.cwd))) return DEFAULT_PUBLISH_SETTINGS;
  const frontend = context.config(file).frontend;
  if (frontend === undefined) return DEFAULT_PUBLISH_SETTINGS;
  const { runtimeConfigFile, keepPreviousAssetsDays, hashedAssetPattern } = frontend;
  return { runtimeConfigFile, keepPreviousAssetsDays, hashedAssetPattern };
}

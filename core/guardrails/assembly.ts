import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../model/config/config-error';
import { checkPipelineTemplate, type TemplateJson } from './pipeline-template';
import { checkProtectedTemplate } from './protected-template';
import type { GuardrailsV2 } from './schema';
import type { Violation } from './violation';

interface ArtifactJson {
  readonly type?: string;
  /** `aws://ACCOUNT/REGION` for a stack. */
  readonly environment?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly directoryName?: string;
    /** The roles and the template object the CLI deploys the stack with, each naming the account it acts in. */
    readonly assumeRoleArn?: string;
    readonly cloudFormationExecutionRoleArn?: string;
    readonly stackTemplateAssetObjectUrl?: string;
  };
}

interface ManifestJson {
  readonly artifacts?: Record<string, ArtifactJson>;
}

// CDK Pipelines nests one assembly per stage; deeper than this is a cycle, not an app.
const MAX_NESTING = 8;

/**
 * Judges every stack of the cloud assembly in `dir` and of the stage assemblies nested in it, as synthesized,
 * whichever code or entry point produced them: every pipeline with {@link checkPipelineTemplate}, and every stack in a
 * protected account with {@link checkProtectedTemplate}. `dir` may be a whole cdk.out or one stage's nested assembly
 * (what a candidate holds).
 */
export function checkAssembly(dir: string, guardrails: GuardrailsV2, depth = 0): Violation[] {
  if (depth > MAX_NESTING) throw new ConfigError(dir, [`nests assemblies deeper than ${MAX_NESTING}`]);
  const manifest = readJson<ManifestJson>(join(dir, 'manifest.json'));
  const artifacts = Object.entries(manifest.artifacts ?? {});
  const stacks = artifacts.filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined,
  );
  const nested = artifacts.flatMap(([, artifact]) =>
    artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName !== undefined
      ? [join(dir, artifact.properties.directoryName)]
      : [],
  );
  if (stacks.length === 0 && nested.length === 0)
    throw new ConfigError(join(dir, 'manifest.json'), ['lists no stack: is this a cloud assembly?']);
  const protectedAccounts = new Set(guardrails.protectedAccounts);
  return [
    ...stacks.flatMap(([name, artifact]) => {
      const template = readJson<TemplateJson>(join(dir, artifact.properties?.templateFile ?? ''));
      return [
        ...checkPipelineTemplate(template, name, guardrails),
        ...(judgedAsProtected(artifact, protectedAccounts) ? checkProtectedTemplate(template, name, guardrails) : []),
      ];
    }),
    ...nested.flatMap((child) => checkAssembly(child, guardrails, depth + 1)),
  ];
}

/**
 * A stack is judged as protected when its environment names a protected account, or names none (`unknown-account`:
 * the CLI deploys it to the account of the role it assumes), or when a role or the template object the CLI deploys it
 * with names a protected account: a candidate's manifest is the commit's to write.
 */
function judgedAsProtected(artifact: ArtifactJson, protectedAccounts: ReadonlySet<string>): boolean {
  const account = /^aws:\/\/(\d{12})\//.exec(artifact.environment ?? '')?.[1];
  if (account === undefined) return true;
  const { assumeRoleArn, cloudFormationExecutionRoleArn, stackTemplateAssetObjectUrl } = artifact.properties ?? {};
  const named = [account, assumeRoleArn, cloudFormationExecutionRoleArn, stackTemplateAssetObjectUrl].flatMap(
    (text) => (text ?? '').match(/\b\d{12}\b/g) ?? [],
  );
  return named.some((id) => protectedAccounts.has(id));
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(path, [`cannot be read as JSON: ${why}`]);
  }
}

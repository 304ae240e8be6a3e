import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../model/config/load';
import { checkPipelineTemplate, type TemplateJson } from './pipeline-template';
import type { GuardrailsV2 } from './schema';
import type { Violation } from './violation';

interface ManifestJson {
  readonly artifacts?: Record<
    string,
    { readonly type?: string; readonly properties?: { readonly templateFile?: string } }
  >;
}

/**
 * Judges every top-level stack of the cloud assembly in `dir` (cdk.out) with {@link checkPipelineTemplate}: what
 * was synthesized, whichever pipeline code or entry point produced it. Stage stacks live in nested assemblies and
 * are deployed by the pipeline's actions, which is what the check follows.
 */
export function checkAssembly(dir: string, guardrails: GuardrailsV2): Violation[] {
  const manifest = readJson<ManifestJson>(join(dir, 'manifest.json'));
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined,
  );
  if (stacks.length === 0)
    throw new ConfigError(join(dir, 'manifest.json'), ['lists no stack: is this a cloud assembly?']);
  return stacks.flatMap(([name, artifact]) =>
    checkPipelineTemplate(readJson<TemplateJson>(join(dir, artifact.properties?.templateFile ?? '')), name, guardrails),
  );
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(path, [`cannot be read as JSON: ${why}`]);
  }
}

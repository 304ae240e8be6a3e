import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseGuardrails, type Guardrails } from '../../core/guardrails';
import { ConfigError } from '../../model/config/config-error';
import { UsageError } from '../context';

/** What `guardrails check` and `guardrails publish` share: flag checks, the file reader, the region. */

const PARAMETER = /^(\/[A-Za-z0-9_.\-/]{1,2047}|arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+)$/;

export function parameterName(name: string): string {
  if (!PARAMETER.test(name)) {
    throw new UsageError(`--parameter must be an SSM parameter name starting with '/' or its ARN, got '${name}'`);
  }
  return name;
}

export function readGuardrailsFile(path: string): Guardrails {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseGuardrails(text, path);
}

/**
 * The SDK's standard region chain (AWS_REGION, then the shared config profile); when it finds none,
 * `fallback`: the parameter lives in the tools account, in the pipeline's region.
 */
export async function resolveSsmRegion(fallback: string): Promise<string> {
  return (await sdkRegion()) ?? fallback;
}

/** The region of the SDK's standard chain (AWS_REGION, then the shared config profile), or undefined. */
export async function sdkRegion(): Promise<string | undefined> {
  const probe = new SSMClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

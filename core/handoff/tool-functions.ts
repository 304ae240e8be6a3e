import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaBundleDir, type LambdaHandlerName } from '../../model/tool-files';

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

/** What a stack's published objects are made from (DeployedStack.assetSources). */
export interface AssetSources {
  readonly assetSources: ReadonlyMap<string, string>;
}

/**
 * The functions that gate or move a protected deployment run the tool's own code, as this (the release stack's)
 * version bundles it: a CodeDeploy hook (`CodeDeployHook_*`, the only functions CodeDeploy's limited role invokes)
 * runs the lifecycle hook or the integration gate, the listener re-point function its own handler. A candidate could
 * otherwise ship a hook that reports success without checking anything, which no approver can read. The
 * database-users and database-rotation functions hold the master user's password: they too run only the tool's own
 * handlers.
 */
export function toolFunctionProblems(
  resources: Readonly<Record<string, Resource>>,
  stack: AssetSources,
  bundleDir: (name: LambdaHandlerName) => string = lambdaBundleDir,
): string[] {
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    if (resource.Type !== 'AWS::Lambda::Function') return [];
    const name = resource.Properties?.FunctionName;
    const expected: LambdaHandlerName[] | undefined =
      typeof name !== 'string'
        ? undefined
        : name.startsWith('CodeDeployHook_')
          ? ['lifecycle-hook', 'integration-gate']
          : name.endsWith('-listener-repoint')
            ? ['listener-repoint']
            : name.endsWith('-database-users')
              ? ['database-users']
              : name.endsWith('-database-rotation')
                ? ['database-rotation']
                : undefined;
    if (expected === undefined) return [];
    const code = resource.Properties?.Code as { S3Bucket?: unknown; S3Key?: unknown } | undefined;
    const source = stack.assetSources.get(`${String(code?.S3Bucket)}/${String(code?.S3Key)}`);
    if (source !== undefined && expected.some((handler) => sameFiles(source, bundleDir(handler)))) return [];
    return [
      `${logicalId} (${name}) runs code that is not this tool's ${expected.join(' or ')} handler: a protected ` +
        "deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the release stack " +
        'with that version first, then hand the candidate off again',
    ];
  });
}

/** Whether two directories hold the same files with the same bytes. */
function sameFiles(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b) || !statSync(a).isDirectory()) return false;
  const files = (dir: string) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort();
  const [left, right] = [files(a), files(b)];
  return (
    left.length === right.length &&
    left.every((file, i) => file === right[i] && readFileSync(join(a, file)).equals(readFileSync(join(b, file))))
  );
}

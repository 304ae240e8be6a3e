import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CACHE_ROTATION_ENVIRONMENT, HOOK_ENVIRONMENT, REPOINT_ENVIRONMENT } from '../../model/lambda-contracts';
import { lambdaBundleDir, type LambdaHandlerName } from '../../model/tool-files';
import { functionTarget } from './function-roles';

/*
 * How the tool deploys its handlers and CDK its provider framework, and what differs from that in a function of a
 * protected template: the bytes, handler, runtime, architecture, properties and variables (tool-functions.ts decides
 * which functions must be which).
 */

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

/** What a stack's published objects are made from (DeployedStack.assetSources). */
export interface AssetSources {
  readonly assetSources: ReadonlyMap<string, string>;
}

/** The tool's handlers that run in a protected environment's stacks (release-start runs in the release stack). */
export type ToolHandler = Exclude<LambdaHandlerName, 'release-start'>;

/**
 * How the tool's constructs deploy each handler (pipeline/environment/deployment/vpc-function.ts, which
 * hook-function.ts, listener-repoint-function.ts and data/database-function.ts build on): the runtime and architecture,
 * and the only environment variables the constructs set or the handler reads (model/lambda-contracts.ts). Anything else
 * changes what the same bytes do: NODE_OPTIONS or AWS_LAMBDA_EXEC_WRAPPER load other code first, a layer or a file
 * system adds code, a custom runtime runs its own bootstrap.
 */
const RUNTIME = 'nodejs24.x';
const ARCHITECTURES = ['arm64'];
const HANDLER = 'index.handler';
const VARIABLES: Readonly<Record<ToolHandler, readonly string[]>> = {
  'lifecycle-hook': [
    HOOK_ENVIRONMENT.targetUrl,
    HOOK_ENVIRONMENT.checks,
    HOOK_ENVIRONMENT.budgetMs,
    HOOK_ENVIRONMENT.hookEvents,
  ],
  'integration-gate': [HOOK_ENVIRONMENT.projectName, HOOK_ENVIRONMENT.targetUrl, HOOK_ENVIRONMENT.hookEvents],
  'listener-repoint': Object.values(REPOINT_ENVIRONMENT),
  // What a run acts on comes from its event and the secrets (pipeline/environment/data/database-function.ts).
  'database-users': [],
  'database-rotation': [],
  'cache-rotation': [CACHE_ROTATION_ENVIRONMENT.userId],
};

/**
 * The properties vpcFunction's lambda.Function writes, and those of their parts it writes (a log group, the VPC's
 * subnets and security group); any other (RuntimeManagementConfig pinning an old runtime, SnapStart, EphemeralStorage,
 * KmsKeyArn, ImageConfig, PackageType, TracingConfig, DeadLetterConfig, ReservedConcurrentExecutions…) is not how the
 * tool deploys its handlers. Layers and FileSystemConfigs are named on their own (deploymentProblems).
 */
const PROPERTIES: Readonly<Record<string, readonly string[] | 'value'>> = {
  FunctionName: 'value',
  Code: 'value',
  Handler: 'value',
  Runtime: 'value',
  Architectures: 'value',
  MemorySize: 'value',
  Timeout: 'value',
  Role: 'value',
  Environment: 'value',
  LoggingConfig: ['LogGroup'],
  VpcConfig: ['SecurityGroupIds', 'SubnetIds'],
};
const MEMORY_SIZE = 256;
/** What CDK's Provider writes for its framework function (with the tool's log group and role, outside the VPC). */
const FRAMEWORK_PROPERTIES: Readonly<Record<string, readonly string[] | 'value'>> = {
  Code: 'value',
  Description: 'value',
  Environment: 'value',
  Handler: 'value',
  Runtime: 'value',
  Timeout: 'value',
  Role: 'value',
  LoggingConfig: ['ApplicationLogLevel', 'LogFormat', 'LogGroup'],
};

/** The properties of a function, or of their parts, that `allowed` does not list (but those named on their own). */
function otherProperties(
  properties: Record<string, unknown>,
  allowed: Readonly<Record<string, readonly string[] | 'value'>>,
): string[] {
  return Object.entries(properties).flatMap(([key, value]) => {
    if (key === 'Layers' || key === 'FileSystemConfigs') return [];
    const parts = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (parts === undefined) return [key];
    if (parts === 'value') return [];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${key} ${JSON.stringify(value)}`];
    return Object.keys(value)
      .filter((part) => !parts.includes(part))
      .map((part) => `${key}.${part}`);
  });
}

/** CDK's provider framework (aws-cdk-lib custom-resources Provider): the function a Custom::DatabaseUsers calls. */
const FRAMEWORK_HANDLER = 'framework.onEvent';
const FRAMEWORK_VARIABLE = 'USER_ON_EVENT_FUNCTION_ARN';

/**
 * What CDK leaves out of the framework's asset: the `.ts` declarations (`exclude: ['*.ts']`) and the marker of its
 * custom resource handlers (AssetStaging's `.is_custom_resource`).
 */
const frameworkLeavesOut = (file: string) => file.endsWith('.ts') || basename(file) === '.is_custom_resource';

/** Where the code of the tool's bundles and of CDK's provider framework is, as this tool version ships them. */
export interface ToolCode {
  readonly bundleDir: (name: LambdaHandlerName) => string;
  /** The provider framework's runtime folder, whose files CDK deploys but those `frameworkLeavesOut`. */
  readonly frameworkDir: string;
}

export const TOOL_CODE: ToolCode = {
  bundleDir: lambdaBundleDir,
  get frameworkDir() {
    const cdk = dirname(require.resolve('aws-cdk-lib/package.json'));
    return join(cdk, 'custom-resources', 'lib', 'provider-framework', 'runtime');
  },
};

/**
 * What differs in a function that runs this tool's `handler` bundle from how the tool deploys it, as the rest of a
 * problem's line (`this tool's <handler> handler with …`); undefined when nothing does.
 */
export function functionDeploymentProblems(
  properties: Record<string, unknown>,
  handler: ToolHandler,
): string | undefined {
  const misdeployed = deploymentProblems(properties, {
    handler: HANDLER,
    runtime: (runtime) => runtime === RUNTIME,
    variables: (names) => names.every((name) => VARIABLES[handler].includes(name)),
  });
  if (JSON.stringify(properties.Architectures) !== JSON.stringify(ARCHITECTURES))
    misdeployed.push(`Architectures ${JSON.stringify(properties.Architectures ?? null)}`);
  if (properties.MemorySize !== undefined && properties.MemorySize !== MEMORY_SIZE)
    misdeployed.push(`MemorySize ${JSON.stringify(properties.MemorySize)}`);
  const others = otherProperties(properties, PROPERTIES);
  if (others.length > 0) misdeployed.push(`the properties ${others.join(', ')}`);
  if (misdeployed.length === 0) return undefined;
  return (
    `this tool's ${handler} handler with ${misdeployed.join(', ')}: the tool deploys it as ${HANDLER} on ${RUNTIME} ` +
    `(${ARCHITECTURES.join(', ')}), with its code only and the variables ${VARIABLES[handler].join(', ') || 'none'}`
  );
}

/**
 * The function a provider framework function calls (its USER_ON_EVENT_FUNCTION_ARN) when it is CDK's framework,
 * deployed as CDK deploys it; otherwise what is wrong with it.
 */
export function providerFramework(
  logicalId: string,
  resources: Readonly<Record<string, Resource>>,
  stack: AssetSources,
  code: ToolCode,
): { readonly calls?: string; readonly problems: string[] } {
  const properties = resources[logicalId].Properties ?? {};
  // CDK deploys it on the newest Node.js runtime of the region (determineLatestNodeRuntime).
  const problems = deploymentProblems(properties, {
    handler: FRAMEWORK_HANDLER,
    runtime: (runtime) => typeof runtime === 'string' && /^nodejs\d+\.x$/.test(runtime),
    variables: (names) => names.length === 1 && names[0] === FRAMEWORK_VARIABLE,
  });
  const others = otherProperties(properties, FRAMEWORK_PROPERTIES);
  if (others.length > 0) problems.push(`the properties ${others.join(', ')}, which CDK's Provider does not write`);
  const source = stack.assetSources.get(codeKey(properties.Code));
  if (source === undefined || !sameFiles(source, code.frameworkDir, frameworkLeavesOut))
    problems.push("code that is not CDK's provider framework as this tool's aws-cdk-lib ships it");
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  const calls = functionTarget(variables?.[FRAMEWORK_VARIABLE]);
  if (calls === undefined || resources[calls]?.Type !== 'AWS::Lambda::Function')
    problems.push(`${FRAMEWORK_VARIABLE} ${JSON.stringify(variables?.[FRAMEWORK_VARIABLE] ?? null)}`);
  return problems.length > 0 ? { problems: problems.map((p) => `${logicalId} has ${p}`) } : { calls, problems };
}

/**
 * What differs in a function from how a construct deploys a handler: its Handler and Runtime, layers, file systems,
 * code from anything but an object's key, and variables `variables` refuses.
 */
function deploymentProblems(
  properties: Record<string, unknown>,
  deployed: {
    readonly handler: string;
    readonly runtime: (runtime: unknown) => boolean;
    readonly variables: (names: string[]) => boolean;
  },
): string[] {
  const problems: string[] = [];
  if (properties.Handler !== deployed.handler) problems.push(`Handler ${JSON.stringify(properties.Handler ?? null)}`);
  if (!deployed.runtime(properties.Runtime)) problems.push(`Runtime ${JSON.stringify(properties.Runtime ?? null)}`);
  if (properties.Layers !== undefined) problems.push(`Layers ${JSON.stringify(properties.Layers)}`);
  if (properties.FileSystemConfigs !== undefined) problems.push('FileSystemConfigs');
  const codeKeys = Object.keys((properties.Code as object | undefined) ?? {}).filter(
    (key) => key !== 'S3Bucket' && key !== 'S3Key',
  );
  if (codeKeys.length > 0) problems.push(`Code.${codeKeys.join(', Code.')}`);
  const environment = (properties.Environment ?? {}) as Record<string, unknown>;
  const variables = environment.Variables ?? {};
  const names = typeof variables === 'object' && variables !== null ? Object.keys(variables) : ['?'];
  const readable =
    typeof environment === 'object' &&
    Object.keys(environment).every((key) => key === 'Variables') &&
    !Array.isArray(variables) &&
    names.every((name) => name !== 'Ref' && name !== '?' && !name.startsWith('Fn::'));
  if (!readable) problems.push('an Environment this check cannot read');
  else if (!deployed.variables(names)) problems.push(`the variables ${names.join(', ')}`);
  return problems;
}

export function codeKey(code: unknown): string {
  const { S3Bucket, S3Key } = (code ?? {}) as { S3Bucket?: unknown; S3Key?: unknown };
  return `${String(S3Bucket)}/${String(S3Key)}`;
}

/** Whether directory `a` holds the same files as `b` (but those `b` leaves out), with the same bytes. */
export function sameFiles(a: string, b: string, leftOut: (file: string) => boolean = () => false): boolean {
  if (!existsSync(a) || !existsSync(b) || !statSync(a).isDirectory()) return false;
  const files = (dir: string) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort();
  const [left, right] = [files(a), files(b).filter((file) => !leftOut(file))];
  return (
    left.length === right.length &&
    left.every((file, i) => file === right[i] && readFileSync(join(a, file)).equals(readFileSync(join(b, file))))
  );
}

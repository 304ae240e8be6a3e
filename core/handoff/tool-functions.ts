import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { masterSecrets } from '../guardrails/master-secrets';
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import { CACHE_ROTATION_ENVIRONMENT, HOOK_ENVIRONMENT, REPOINT_ENVIRONMENT } from '../../model/lambda-contracts';
import { lambdaBundleDir, type LambdaHandlerName } from '../../model/tool-files';
import { databaseCallerProblems } from './database-function-callers';
import { roleMentions, roleOf } from './function-roles';
import { secretReaderRoles, secretReads, trustsOnly } from './secret-readers';

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

/** What a stack's published objects are made from (DeployedStack.assetSources). */
export interface AssetSources {
  readonly assetSources: ReadonlyMap<string, string>;
}

/** The tool's handlers that run in a protected environment's stacks (release-start runs in the release stack). */
type ToolHandler = Exclude<LambdaHandlerName, 'release-start'>;
const DATABASE_HANDLERS: readonly ToolHandler[] = ['database-users', 'database-rotation'];

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

export interface ToolFunctionJudgement {
  readonly problems: string[];
  /** The roles of the functions admitted as the tool's database-users or database-rotation function. */
  readonly databaseRoles: ReadonlySet<string>;
}

/**
 * The functions that gate or move a protected deployment, or hold the database master user's password, run the tool's
 * own code, as this (the release stack's) version bundles it, deployed as the tool's constructs deploy it. A function
 * is one of them by its name, as the tool names them: a CodeDeploy hook (`CodeDeployHook_*`, the only functions
 * CodeDeploy's limited role invokes) runs the lifecycle hook or the integration gate, `*-listener-repoint` the
 * re-point handler, `*-database-users` and `*-database-rotation` the database handlers; and by what it does, whatever
 * its name: a rotation schedule's function is the rotation handler, the function a Custom::DatabaseUsers resource's
 * provider framework calls is the users handler, and a function whose role may read a database master secret is one
 * of the two. A candidate could otherwise ship a hook that reports success without checking anything, or a function
 * that sends the master password out, which no approver can read.
 *
 * A rotation schedule names a function of the template (never AWS's hosted rotation, which a transform adds), and a
 * Custom::DatabaseUsers resource is served by CDK's provider framework, byte for byte as this tool's aws-cdk-lib ships
 * it, calling one of them.
 */
export function judgeToolFunctions(
  resources: Readonly<Record<string, Resource>>,
  stack: AssetSources,
  code: ToolCode = TOOL_CODE,
): ToolFunctionJudgement {
  const problems: string[] = [];
  const frameworks = new Set<string>();
  const expected = new Map<string, { handlers: readonly ToolHandler[]; why: string }[]>();
  const expect = (id: string, handlers: readonly ToolHandler[], why: string) =>
    expected.set(id, [...(expected.get(id) ?? []), { handlers, why }]);
  const functionOf = (value: unknown) => {
    const id = functionTarget(value);
    return id !== undefined && resources[id]?.Type === 'AWS::Lambda::Function' ? id : undefined;
  };

  for (const [logicalId, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Function') {
      // Also a name put together with Fn::Join or Fn::Sub (`CodeDeployHook_${AWS::StackName}`).
      const name = properties.FunctionName === undefined ? undefined : textOf(properties.FunctionName as JsonValue);
      const byName = handlersNamed(name);
      if (byName !== undefined) expect(logicalId, byName, String(name));
    }
    if (resource.Type === 'AWS::SecretsManager::RotationSchedule') {
      const rotation = functionOf(properties.RotationLambdaARN);
      if (properties.HostedRotationLambda !== undefined || rotation === undefined)
        problems.push(
          `${logicalId} rotates its secret with ${JSON.stringify(properties.RotationLambdaARN ?? properties.HostedRotationLambda ?? null)}, ` +
            "not a function of this template: a protected environment's secrets rotate with the tool's database-rotation function",
        );
      else expect(rotation, ['database-rotation'], `the rotation function of ${logicalId}`);
    }
    if (resource.Type === 'Custom::DatabaseUsers') {
      const framework = functionOf(properties.ServiceToken);
      const served = framework === undefined ? undefined : providerFramework(framework, resources, stack, code);
      if (framework !== undefined && served?.calls !== undefined) {
        frameworks.add(framework);
        expect(served.calls, ['database-users'], `the function ${logicalId} runs`);
      } else
        problems.push(
          `${logicalId} is served by ${JSON.stringify(properties.ServiceToken)}, not by CDK's provider framework of this ` +
            `template calling a function of it${served === undefined ? '' : `: ${served.problems.join('; ')}`}`,
        );
    }
  }
  // Whatever its name: a function whose role may read a master secret holds the master user's password, and one that
  // runs with a database function's role is that function. Its Role is read however it is written (Fn::Sub, Fn::Join,
  // Fn::If, Fn::Select, a literal ARN), and must name exactly one of the template's roles.
  const readers = secretReaderRoles(secretReads(resources, masterSecrets(resources)));
  const databaseFunctionRoles = new Map<string, { handlers: Set<ToolHandler>; functions: Set<string> }>();
  for (const [logicalId, reasons] of expected) {
    const handlers = reasons.flatMap((r) => r.handlers).filter((h) => DATABASE_HANDLERS.includes(h));
    if (handlers.length === 0) continue;
    for (const role of roleMentions(resources[logicalId].Properties?.Role, resources).roles) {
      const known = databaseFunctionRoles.get(role) ?? { handlers: new Set(), functions: new Set() };
      handlers.forEach((h) => known.handlers.add(h));
      known.functions.add(logicalId);
      databaseFunctionRoles.set(role, known);
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const value = resource.Properties?.Role;
    const mentions = roleMentions(value, resources);
    // (Without one it is no function: CloudFormation requires a Role.)
    if (value !== undefined && roleOf(value, resources) === undefined)
      problems.push(
        `${logicalId} runs with the Role ${JSON.stringify(value ?? null)}, which is not exactly one role of this ` +
          "template: a protected template's functions run with a role it makes, named by { Ref } or " +
          "{ Fn::GetAtt: [role, 'Arn'] }",
      );
    for (const role of mentions.roles) {
      if (readers.has(role)) expect(logicalId, DATABASE_HANDLERS, `its role ${role} may read secrets`);
      const database = databaseFunctionRoles.get(role);
      if (database !== undefined && !readers.has(role) && !database.functions.has(logicalId))
        expect(logicalId, [...database.handlers], `its role ${role} is that of ${[...database.functions].join(', ')}`);
    }
  }

  const databaseRoles = new Set<string>();
  for (const [logicalId, reasons] of expected) {
    const properties = resources[logicalId].Properties ?? {};
    const why = reasons.map((r) => r.why).join('; ');
    const handlers = reasons.reduce<readonly ToolHandler[]>(
      (left, { handlers: right }) => left.filter((h) => right.includes(h)),
      reasons[0].handlers,
    );
    if (handlers.length === 0) {
      problems.push(`${logicalId} (${why}) would have to be more than one of the tool's functions: no function is`);
      continue;
    }
    const source = stack.assetSources.get(codeKey(properties.Code));
    const handler = handlers.find((h) => source !== undefined && sameFiles(source, code.bundleDir(h)));
    if (handler === undefined) {
      problems.push(
        `${logicalId} (${why}) runs code that is not this tool's ${handlers.join(' or ')} handler: a protected ` +
          "deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the release stack " +
          'with that version first, then hand the candidate off again',
      );
      continue;
    }
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
    if (misdeployed.length > 0) {
      problems.push(
        `${logicalId} (${why}) runs this tool's ${handler} handler with ${misdeployed.join(', ')}: the tool deploys it ` +
          `as ${HANDLER} on ${RUNTIME} (${ARCHITECTURES.join(', ')}), with its code only and the variables ` +
          `${VARIABLES[handler].join(', ') || 'none'}`,
      );
      continue;
    }
    const role = roleOf(properties.Role, resources);
    if (
      DATABASE_HANDLERS.includes(handler) &&
      role !== undefined &&
      trustsOnly(resources, role, 'lambda.amazonaws.com')
    )
      databaseRoles.add(role);
  }
  const databaseFunctions = [...expected]
    .filter(([, reasons]) => reasons.some((r) => r.handlers.every((h) => DATABASE_HANDLERS.includes(h))))
    .map(([id]) => id);
  problems.push(...databaseCallerProblems(resources, { databaseFunctions: new Set(databaseFunctions), frameworks }));
  return { problems, databaseRoles };
}

/** The handlers a function's name makes it, as the tool names its functions; undefined for any other name. */
function handlersNamed(name: string | undefined): ToolHandler[] | undefined {
  if (name === undefined) return undefined;
  if (name.startsWith('CodeDeployHook_')) return ['lifecycle-hook', 'integration-gate'];
  if (name.endsWith('-listener-repoint')) return ['listener-repoint'];
  if (name.endsWith('-database-users')) return ['database-users'];
  if (name.endsWith('-database-rotation')) return ['database-rotation'];
  return undefined;
}

/**
 * The function a provider framework function calls (its USER_ON_EVENT_FUNCTION_ARN) when it is CDK's framework,
 * deployed as CDK deploys it; otherwise what is wrong with it.
 */
function providerFramework(
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

/** `X` of `{ Ref: X }` or `{ Fn::GetAtt: [X, 'Arn'] }`. */
function functionTarget(value: unknown): string | undefined {
  const object = (value ?? {}) as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof object.Ref === 'string') return object.Ref;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

function codeKey(code: unknown): string {
  const { S3Bucket, S3Key } = (code ?? {}) as { S3Bucket?: unknown; S3Key?: unknown };
  return `${String(S3Bucket)}/${String(S3Key)}`;
}

/** Whether directory `a` holds the same files as `b` (but those `b` leaves out), with the same bytes. */
function sameFiles(a: string, b: string, leftOut: (file: string) => boolean = () => false): boolean {
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

import { masterSecrets } from '../guardrails/master-secrets';
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import { cachePasswordSecrets, cacheUserProblem, isDatabaseSecret, secretNamed } from './cache-rotation-user';
import {
  codeKey,
  functionDeploymentProblems,
  providerFramework,
  sameFiles,
  TOOL_CODE,
  type AssetSources,
  type ToolCode,
  type ToolHandler,
} from './function-deployment';
import { secretFunctionCallerProblems } from './secret-function-callers';
import { functionTarget, roleMentions, roleOf } from './function-roles';
import { secretReaderRoles, secretReads, trustsOnly } from './secret-readers';

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

export { TOOL_CODE, type AssetSources, type ToolCode } from './function-deployment';

const DATABASE_HANDLERS: readonly ToolHandler[] = ['database-users', 'database-rotation'];
/** The rotation handlers a schedule's function may run: the database's secrets', an ElastiCache user's password's. */
const ROTATION_HANDLERS: readonly ToolHandler[] = ['database-rotation', 'cache-rotation'];
/**
 * The handlers whose role no other function may run with: the database functions' roles read and write the
 * database's secrets, the cache rotation function's may change an ElastiCache user's password.
 */
const ROLE_BOUND_HANDLERS: readonly ToolHandler[] = [...DATABASE_HANDLERS, 'cache-rotation'];
const LAMBDA = 'lambda.amazonaws.com';

export interface ToolFunctionJudgement {
  readonly problems: string[];
  /** The roles of the functions admitted as the tool's database-users or database-rotation function. */
  readonly databaseRoles: ReadonlySet<string>;
  /** The roles of the functions admitted as the tool's cache-rotation function. */
  readonly cacheRotationRoles: ReadonlySet<string>;
}

/**
 * The functions that gate or move a protected deployment, hold the database master user's password, or change an
 * ElastiCache user's password run the tool's own code, as this (the release stack's) version bundles it, deployed as
 * the tool's constructs deploy it. A function is one of them by its name, as the tool names them: a CodeDeploy hook
 * (`CodeDeployHook_*`, the only functions CodeDeploy's limited role invokes) runs the lifecycle hook or the
 * integration gate, `*-listener-repoint` the re-point handler, `*-database-users` and `*-database-rotation` the
 * database handlers, `*-cache-rotation` the cache token's rotation; and by what it does, whatever its name: a rotation
 * schedule's function rotates a database's secret with the database rotation handler, an ElastiCache user's password
 * with the cache rotation handler, any other secret with either (whichever bundle its bytes are), the function a
 * Custom::DatabaseUsers resource's provider framework calls is the users handler, a function whose role may read a
 * database master secret is one of the two database handlers, and one that runs with the role of a database or cache
 * rotation function is that function. A candidate could otherwise ship a hook that reports success without checking
 * anything, or a function that sends the master password out, or sets the cache's password to one it knows, which no
 * approver can read.
 *
 * A rotation schedule names a function of the template (never AWS's hosted rotation, which a transform adds), and a
 * Custom::DatabaseUsers resource is served by CDK's provider framework, byte for byte as this tool's aws-cdk-lib ships
 * it, calling one of them. A cache rotation function's CACHE_USER_ID is the UserId of the template's ElastiCache user
 * whose passwords are exactly the secrets its schedules rotate: the verified bytes change only the password that
 * secret already is (cache-rotation-user.ts).
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
  /** The one of `handlers` whose bundle a function's code is, byte for byte. */
  const bundledHandler = (logicalId: string, handlers: readonly ToolHandler[]) => {
    const source = stack.assetSources.get(codeKey(resources[logicalId].Properties?.Code));
    return handlers.find((h) => source !== undefined && sameFiles(source, code.bundleDir(h)));
  };
  const masters = masterSecrets(resources);
  const cacheSecrets = cachePasswordSecrets(resources);

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
            "not a function of this template: a protected environment's secrets rotate with the tool's database-rotation " +
            'or cache-rotation function',
        );
      else {
        problems.push(...scheduleProblems(logicalId, properties));
        // A secret both a database's and an ElastiCache user's password asks for two handlers: no function is both.
        const database = isDatabaseSecret(properties.SecretId, resources, masters);
        const secret = secretNamed(properties.SecretId, resources);
        const cache = secret !== undefined && cacheSecrets.has(secret);
        if (database) expect(rotation, ['database-rotation'], `the rotation function of ${logicalId}`);
        if (cache)
          expect(rotation, ['cache-rotation'], `the rotation function of ${logicalId}, an ElastiCache user's password`);
        if (!database && !cache) {
          const bundled = bundledHandler(rotation, ROTATION_HANDLERS);
          expect(
            rotation,
            bundled === undefined ? ROTATION_HANDLERS : [bundled],
            `the rotation function of ${logicalId}`,
          );
        }
      }
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
  // runs with a database or cache rotation function's role is that function. Its Role is read however it is written
  // (Fn::Sub, Fn::Join, Fn::If, Fn::Select, a literal ARN), and must name exactly one of the template's roles.
  const readers = secretReaderRoles(secretReads(resources, masters));
  const boundRoles = new Map<string, { handlers: Set<ToolHandler>; functions: Set<string> }>();
  for (const [logicalId, reasons] of expected) {
    const handlers = reasons.flatMap((r) => r.handlers).filter((h) => ROLE_BOUND_HANDLERS.includes(h));
    if (handlers.length === 0) continue;
    for (const role of roleMentions(resources[logicalId].Properties?.Role, resources).roles) {
      const known = boundRoles.get(role) ?? { handlers: new Set(), functions: new Set() };
      handlers.forEach((h) => known.handlers.add(h));
      known.functions.add(logicalId);
      boundRoles.set(role, known);
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
      const bound = boundRoles.get(role);
      if (bound !== undefined && !readers.has(role) && !bound.functions.has(logicalId))
        expect(logicalId, [...bound.handlers], `its role ${role} is that of ${[...bound.functions].join(', ')}`);
    }
  }

  const databaseRoles = new Set<string>();
  const cacheRotationRoles = new Set<string>();
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
    const handler = bundledHandler(logicalId, handlers);
    if (handler === undefined) {
      problems.push(
        `${logicalId} (${why}) runs code that is not this tool's ${handlers.join(' or ')} handler: a protected ` +
          "deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the release stack " +
          'with that version first, then hand the candidate off again',
      );
      continue;
    }
    const misdeployed = functionDeploymentProblems(properties, handler);
    if (misdeployed !== undefined) {
      problems.push(`${logicalId} (${why}) runs ${misdeployed}`);
      continue;
    }
    if (handler === 'cache-rotation') {
      const user = cacheUserProblem(logicalId, why, properties, resources);
      if (user !== undefined) {
        problems.push(user);
        continue;
      }
    }
    const role = roleOf(properties.Role, resources);
    if (ROLE_BOUND_HANDLERS.includes(handler) && (role === undefined || !trustsOnly(resources, role, LAMBDA))) {
      problems.push(
        `${logicalId} (${why}) runs with the role ${role ?? JSON.stringify(properties.Role ?? null)}, which more than ` +
          `Lambda may assume: whoever else assumes it holds this tool's ${handler} function's permissions without ` +
          `its code; the tool's role trusts ${LAMBDA} alone`,
      );
      continue;
    }
    if (DATABASE_HANDLERS.includes(handler) && role !== undefined) databaseRoles.add(role);
    if (handler === 'cache-rotation' && role !== undefined) cacheRotationRoles.add(role);
  }
  const secretHandlers: readonly ToolHandler[] = [...DATABASE_HANDLERS, 'cache-rotation'];
  const secretFunctions = [...expected]
    .filter(([, reasons]) => reasons.some((r) => r.handlers.every((h) => secretHandlers.includes(h))))
    .map(([id]) => id);
  problems.push(...secretFunctionCallerProblems(resources, { secretFunctions: new Set(secretFunctions), frameworks }));
  return { problems, databaseRoles, cacheRotationRoles };
}

/**
 * What differs in a tool function's schedule from how the tool writes it: days between rotations, and no rotation
 * when the schedule is created or changed (RotateImmediatelyOnUpdate false), which would cut off the tasks that hold
 * the current secret at the deploy, and a rotation every few hours the tasks that started before the last two.
 */
function scheduleProblems(logicalId: string, properties: Record<string, unknown>): string[] {
  const rules = (properties.RotationRules ?? {}) as { ScheduleExpression?: unknown; AutomaticallyAfterDays?: unknown };
  const problems: string[] = [];
  if (properties.RotateImmediatelyOnUpdate !== false)
    problems.push(`RotateImmediatelyOnUpdate ${JSON.stringify(properties.RotateImmediatelyOnUpdate ?? null)}`);
  if (typeof rules.ScheduleExpression !== 'string' || !/^rate\([1-9][0-9]* days?\)$/.test(rules.ScheduleExpression))
    problems.push(`ScheduleExpression ${JSON.stringify(rules.ScheduleExpression ?? null)}`);
  return problems.length === 0
    ? []
    : [
        `${logicalId} rotates its secret with ${problems.join(' and ')}: the tool rotates every rate(N days), never ` +
          'when a schedule is created or changed (RotateImmediatelyOnUpdate false), so tasks keep their secret for a ' +
          'period',
      ];
}

/** The handlers a function's name makes it, as the tool names its functions; undefined for any other name. */
function handlersNamed(name: string | undefined): ToolHandler[] | undefined {
  if (name === undefined) return undefined;
  if (name.startsWith('CodeDeployHook_')) return ['lifecycle-hook', 'integration-gate'];
  if (name.endsWith('-listener-repoint')) return ['listener-repoint'];
  if (name.endsWith('-database-users')) return ['database-users'];
  if (name.endsWith('-database-rotation')) return ['database-rotation'];
  if (name.endsWith('-cache-rotation')) return ['cache-rotation'];
  return undefined;
}

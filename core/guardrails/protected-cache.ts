import { GENERATED, generatedSecretProblem, UNREADABLE } from './generated-secret';
import { referencedIds } from './master-secrets';
import type { TemplateJson } from './pipeline-template';
import type { Violation } from './violation';

type Resource = NonNullable<TemplateJson['Resources']>[string];
type Resources = Readonly<Record<string, Resource>>;

const CREDENTIALS = `an IAM user, a user that is off, or a password that is ${GENERATED}`;

/**
 * Each cache of a protected stack, as synthesized, takes only TLS connections and only authenticated clients, with
 * credentials nobody chose: a replication group has TransitEncryptionEnabled and TransitEncryptionMode `required` (a
 * serverless cache is always TLS), and authenticates either by an AuthToken that is a whole dynamic reference to a
 * secret the template generates (at least 32 characters from a set of at least 62, letters and digits or more; no
 * SecretString, no SecretStringTemplate beside it), or by user groups of the template (UserGroupIds, UserGroupId:
 * Ref or the literal UserGroupId of one) whose users, each a user of the template (Ref or its literal UserId; never
 * AWS's built-in `default`, which has no password), are off, authenticate by IAM, or have only such generated
 * passwords. A user whose password rotates (its secret named by a RotationSchedule) is in a group a cache uses: one
 * left outside leaves the cache on a password that never rotates. A cache cluster (AWS::ElastiCache::CacheCluster),
 * which the tool never makes, is refused. What cannot be read (an intrinsic function, a resource under a Condition, a
 * group or user of another stack) counts as weaker. No guardrail relaxes this.
 */
export function checkProtectedCaches(resources: Resources, stack: string): Violation[] {
  const violations: Violation[] = [];
  const usedGroups = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    const at = `${stack}/${id}`;
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::ElastiCache::CacheCluster') {
      violations.push({
        path: at,
        found: 'a cache cluster (AWS::ElastiCache::CacheCluster)',
        required: 'a serverless cache or a replication group, as the tool makes them',
      });
    } else if (resource.Type === 'AWS::ElastiCache::ReplicationGroup') {
      violations.push(...transitViolations(properties, at));
      // A member of a global datastore, or a group built on an existing cluster, takes its settings from outside.
      for (const property of ['GlobalReplicationGroupId', 'PrimaryClusterId']) {
        if (properties[property] !== undefined) {
          violations.push({
            path: `${at}.${property}`,
            found: `settings taken from ${typeof properties[property] === 'string' ? `'${properties[property]}'` : UNREADABLE}`,
            required: 'none: a replication group whose TLS and authentication this template holds',
          });
        }
      }
      const groups = userGroupsNamed(properties.UserGroupIds, `${at}.UserGroupIds`, resources, true);
      violations.push(...groups.violations);
      groups.ids.forEach((group) => usedGroups.add(group));
      const noGroup = properties.UserGroupIds === undefined || isEmptyList(properties.UserGroupIds);
      if (properties.AuthToken !== undefined) {
        const problem = generatedSecretProblem(properties.AuthToken, resources);
        if (problem !== undefined) violations.push({ path: `${at}.AuthToken`, found: problem, required: GENERATED });
      } else if (noGroup) {
        violations.push({
          path: at,
          found: "no AuthToken and no user group (AWS's default user, without a password)",
          required: 'an AuthToken or a user group of this template',
        });
      }
    } else if (resource.Type === 'AWS::ElastiCache::ServerlessCache') {
      if (properties.UserGroupId === undefined) {
        violations.push({
          path: `${at}.UserGroupId`,
          found: "no user group (AWS's default user, without a password)",
          required: 'a user group of this template',
        });
        continue;
      }
      const groups = userGroupsNamed(properties.UserGroupId, `${at}.UserGroupId`, resources, false);
      violations.push(...groups.violations);
      groups.ids.forEach((group) => usedGroups.add(group));
    }
  }
  const members = new Set<string>();
  for (const group of usedGroups) violations.push(...groupViolations(group, resources, stack, members));
  violations.push(...rotatedUsersOutside(resources, stack, members));
  return violations;
}

/** A replication group's TLS: enabled, and required (not `preferred`, which also accepts plain text). */
function transitViolations(properties: Record<string, unknown>, at: string): Violation[] {
  const violations: Violation[] = [];
  const enabled = properties.TransitEncryptionEnabled;
  if (enabled !== true && enabled !== 'true') {
    violations.push({ path: `${at}.TransitEncryptionEnabled`, found: String(enabled), required: 'true' });
  }
  if (properties.TransitEncryptionMode !== 'required') {
    violations.push({
      path: `${at}.TransitEncryptionMode`,
      found: String(properties.TransitEncryptionMode),
      required: 'required (a cache in a protected account refuses connections without TLS)',
    });
  }
  return violations;
}

/** Whether a resource exists whatever the stack's parameters: one under a Condition may not. */
const unconditional = (resource: Resource | undefined): resource is Resource =>
  resource !== undefined && (resource as { Condition?: unknown }).Condition === undefined;

/**
 * The template's resources of `type` that `entry` names: by Ref, or by the literal value of their `idProperty`
 * (a user group's UserGroupId, a user's UserId), which only that resource can hold in the account.
 */
function namedResource(entry: unknown, type: string, idProperty: string, resources: Resources): string | undefined {
  const ref = (entry as { Ref?: unknown } | null)?.Ref;
  if (typeof ref === 'string') {
    return unconditional(resources[ref]) && resources[ref].Type === type ? ref : undefined;
  }
  if (typeof entry !== 'string') return undefined;
  return Object.entries(resources).find(
    ([, resource]) => resource.Type === type && unconditional(resource) && resource.Properties?.[idProperty] === entry,
  )?.[0];
}

const isEmptyList = (value: unknown): boolean => Array.isArray(value) && value.length === 0;

/** The user groups of this template a cache property names (a list for a replication group), and what it cannot. */
function userGroupsNamed(
  value: unknown,
  path: string,
  resources: Resources,
  list: boolean,
): { ids: string[]; violations: Violation[] } {
  if (value === undefined) return { ids: [], violations: [] };
  if (list && !Array.isArray(value)) {
    return { ids: [], violations: [{ path, found: UNREADABLE, required: 'a list of user groups of this template' }] };
  }
  const entries = list
    ? (value as unknown[]).map((entry, i) => ({ entry, at: `${path}[${i}]` }))
    : [{ entry: value, at: path }];
  const ids: string[] = [];
  const violations: Violation[] = [];
  for (const { entry, at } of entries) {
    const group = namedResource(entry, 'AWS::ElastiCache::UserGroup', 'UserGroupId', resources);
    if (group !== undefined) ids.push(group);
    else
      violations.push({
        path: at,
        found: typeof entry === 'string' ? `'${entry}', a user group outside this template` : UNREADABLE,
        required: 'a user group of this template (its Ref or its UserGroupId)',
      });
  }
  return { ids, violations };
}

/** A user group a cache uses: only users of the template, each off, IAM or with generated passwords. */
function groupViolations(group: string, resources: Resources, stack: string, members: Set<string>): Violation[] {
  const at = `${stack}/${group}.UserIds`;
  const userIds = resources[group].Properties?.UserIds;
  if (!Array.isArray(userIds)) return [{ path: at, found: UNREADABLE, required: 'a list of users of this template' }];
  return userIds.flatMap((entry: unknown, i): Violation[] => {
    if (entry === 'default') {
      return [
        {
          path: `${at}[${i}]`,
          found: "'default', AWS's built-in default user (no password)",
          required: 'a default user of this template (off, IAM, or a generated password)',
        },
      ];
    }
    const user = namedResource(entry, 'AWS::ElastiCache::User', 'UserId', resources);
    if (user === undefined) {
      return [
        {
          path: `${at}[${i}]`,
          found: typeof entry === 'string' ? `'${entry}', a user outside this template` : UNREADABLE,
          required: 'a user of this template (its Ref or its UserId)',
        },
      ];
    }
    // A user in two groups a cache uses is judged once.
    if (members.has(user)) return [];
    members.add(user);
    return userViolations(resources[user].Properties ?? {}, `${stack}/${user}`, resources);
  });
}

/**
 * Whether an access string leaves the user off: `off`, and no `on` after it (ACL rules apply in order; Valkey and
 * Redis read `on`/`off` in any case).
 */
function isOff(accessString: unknown): boolean {
  if (typeof accessString !== 'string') return false;
  const switches = accessString
    .split(/\s+/)
    .map((token) => token.toLowerCase())
    .filter((token) => token === 'on' || token === 'off');
  return switches.length > 0 && switches[switches.length - 1] === 'off';
}

/**
 * The rules of an access string that set or drop passwords beside the user's Passwords (Valkey and Redis ACL SETUSER:
 * `nopass` lets any password in, `resetpass` and `reset` drop them, `>`/`<`/`#`/`!` add or remove one), in any case.
 */
function passwordRules(accessString: unknown): string[] {
  if (typeof accessString !== 'string') return [];
  return accessString
    .split(/\s+/)
    .filter((token) => /^(nopass|resetpass|reset)$/i.test(token) || /^[<>#!]/.test(token));
}

/** A user of a cache's group: off, IAM, or only passwords that are generated secrets; never without a password. */
function userViolations(user: Record<string, unknown>, at: string, resources: Resources): Violation[] {
  if (isOff(user.AccessString)) return [];
  const rules = passwordRules(user.AccessString);
  if (rules.length > 0 || (user.AccessString !== undefined && typeof user.AccessString !== 'string'))
    return [
      {
        path: `${at}.AccessString`,
        found: rules.length > 0 ? `the password rules ${rules.join(' ')}` : UNREADABLE,
        required: `an access string that sets no password of its own: ${CREDENTIALS}`,
      },
    ];
  const noPassword = user.NoPasswordRequired;
  if (noPassword !== undefined && noPassword !== false && noPassword !== 'false') {
    return [
      {
        path: `${at}.NoPasswordRequired`,
        found: noPassword === true || noPassword === 'true' ? 'true, on a user that is on' : UNREADABLE,
        required: `false: ${CREDENTIALS}`,
      },
    ];
  }
  const mode = user.AuthenticationMode;
  const plainMode = mode === undefined || (typeof mode === 'object' && mode !== null && !Array.isArray(mode));
  const type = plainMode ? (mode as { Type?: unknown } | undefined)?.Type : undefined;
  if (!plainMode || (type !== undefined && typeof type !== 'string')) {
    return [{ path: `${at}.AuthenticationMode`, found: UNREADABLE, required: CREDENTIALS }];
  }
  if (type === 'iam') return [];
  if (type !== undefined && type !== 'password') {
    return [{ path: `${at}.AuthenticationMode.Type`, found: type, required: CREDENTIALS }];
  }
  const lists = [
    { path: `${at}.Passwords`, value: user.Passwords },
    { path: `${at}.AuthenticationMode.Passwords`, value: (mode as { Passwords?: unknown } | undefined)?.Passwords },
  ].filter((list) => list.value !== undefined);
  const unreadable = lists.filter((list) => !Array.isArray(list.value));
  if (unreadable.length > 0) {
    return unreadable.map((list) => ({ path: list.path, found: UNREADABLE, required: CREDENTIALS }));
  }
  const passwords = lists.flatMap((list) =>
    (list.value as unknown[]).map((value, i) => ({ path: `${list.path}[${i}]`, value })),
  );
  if (passwords.length === 0) {
    return [{ path: at, found: 'a user that is on without a password', required: CREDENTIALS }];
  }
  return passwords.flatMap(({ path, value }) => {
    const problem = generatedSecretProblem(value, resources);
    return problem === undefined ? [] : [{ path, found: problem, required: GENERATED }];
  });
}

/**
 * Users whose passwords rotate (a secret that an AWS::SecretsManager::RotationSchedule names, directly or through
 * its attachment) outside every user group a cache uses: the cache is then left on credentials that never rotate.
 */
function rotatedUsersOutside(resources: Resources, stack: string, members: ReadonlySet<string>): Violation[] {
  const rotated = new Set(
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::SecretsManager::RotationSchedule')
      .flatMap((schedule) => referencedIds(schedule.Properties?.SecretId))
      .flatMap((id) =>
        resources[id]?.Type === 'AWS::SecretsManager::SecretTargetAttachment'
          ? [id, ...referencedIds(resources[id].Properties?.SecretId)]
          : [id],
      ),
  );
  return Object.entries(resources).flatMap(([id, resource]): Violation[] => {
    if (resource.Type !== 'AWS::ElastiCache::User' || members.has(id)) return [];
    const { Passwords, AuthenticationMode } = resource.Properties ?? {};
    const secrets = referencedIds([Passwords, AuthenticationMode]).filter((secret) => rotated.has(secret));
    if (secrets.length === 0) return [];
    return [
      {
        path: `${stack}/${id}`,
        found: `a user whose password rotates (${[...new Set(secrets)].join(', ')}) in no user group a cache uses`,
        required: 'in the user group of a cache of this template',
      },
    ];
  });
}

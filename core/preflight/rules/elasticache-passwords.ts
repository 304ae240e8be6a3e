import { asObject, asString, type JsonObject, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { DEFAULT_PASSWORD_LENGTH, SECRETS_MANAGER_PUNCTUATION } from '../secret-generator';
import { secretOf, secretReference, type SecretReference } from '../secret-references';
import { isLiteral, resourcesOfType, textOf, type ResourceRef } from '../template-values';

const MIN_LENGTH = 16;
const MAX_LENGTH = 128;
/** CreateUser / ModifyUser: "up to two" passwords per user. */
const MAX_USER_PASSWORDS = 2;

/** What ElastiCache accepts in one kind of password. */
interface PasswordKind {
  /** How a message names it, with its article. */
  readonly name: string;
  /** The punctuation of Secrets Manager's set ElastiCache refuses in it: a generator must exclude all of it. */
  readonly refusedPunctuation: string;
  /** What ElastiCache accepts, for a message. */
  readonly accepted: string;
  /**
   * AUTH tokens are printable ASCII with only eight special characters, so a space or a non-ASCII character is
   * refused; a user password is "printable characters", which leaves both undocumented (a warning).
   */
  readonly asciiOnly: boolean;
}

/** AUTH tokens: "the only permitted printable special characters are !, &, #, $, ^, <, > and -". */
const AUTH_TOKEN: PasswordKind = {
  name: 'an AUTH token',
  refusedPunctuation: [...SECRETS_MANAGER_PUNCTUATION].filter((c) => !'!&#$^<>-'.includes(c)).join(''),
  accepted: 'letters, digits and ! & # $ ^ < > -',
  asciiOnly: true,
};

/** RBAC user passwords: "16–128 printable characters"; "the following nonalphanumeric characters are not allowed: , \" / @". */
const USER_PASSWORD: PasswordKind = {
  name: 'a user password',
  refusedPunctuation: ',"/@',
  accepted: 'printable characters other than , " / @',
  asciiOnly: false,
};

/**
 * The passwords a template gives ElastiCache (a replication group's AuthToken, a user's Passwords) are checked
 * where the template tells what they will be: a literal, or a Secrets Manager dynamic reference to a secret the same
 * template generates (GenerateSecretString). ElastiCache refuses a password of the wrong length or with a character it
 * does not take, and Secrets Manager's defaults (32 characters including every punctuation mark) produce such
 * characters; a reference without the json key of a JSON secret passes the whole JSON document.
 */
export const elasticachePasswords: Rule = {
  id: 'elasticache-passwords',
  severity: 'error',
  title: 'ElastiCache AUTH tokens and user passwords are ones ElastiCache accepts',
  awsBehaviour:
    'ElastiCache takes AUTH tokens of 16–128 printable ASCII characters whose only non-alphanumerics are ! & # $ ^ < > - ' +
    '(Authenticating with the Valkey and Redis OSS AUTH command), and up to two passwords per user of 16–128 printable ' +
    'characters without , " / @ (Role-Based Access Control); Secrets Manager generates 32 characters drawn from ' +
    'letters, digits and !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ unless PasswordLength, ExcludePunctuation or ' +
    'ExcludeCharacters say otherwise, and a dynamic reference without a json key reads the whole secret text. A ' +
    'password ElastiCache refuses fails CreateReplicationGroup or CreateUser and the stack rolls back.',
  docUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) => [
      // CreateCacheCluster takes an AuthToken too; CloudFormation's CacheCluster schema lists none today.
      ...['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'].flatMap((type) =>
        resourcesOfType(stack, type).flatMap((cache) =>
          cache.resource.Properties.AuthToken === undefined
            ? []
            : judgePassword(cache, 'AuthToken', cache.resource.Properties.AuthToken, AUTH_TOKEN),
        ),
      ),
      ...resourcesOfType(stack, 'AWS::ElastiCache::User').flatMap((user) => [
        ...judgeUserPasswords(user, 'Passwords', user.resource.Properties.Passwords),
        ...judgeUserPasswords(
          user,
          'AuthenticationMode.Passwords',
          asObject(user.resource.Properties.AuthenticationMode)?.Passwords,
        ),
      ]),
    ]),
};

function judgeUserPasswords(user: ResourceRef, path: string, value: JsonValue | undefined): RuleFinding[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    return [warning(user, `cannot tell how many passwords ${path} ('${textOf(value)}') holds; ElastiCache allows two`)];
  }
  const count: RuleFinding[] =
    value.length > MAX_USER_PASSWORDS
      ? [
          error(
            user,
            `${path} lists ${value.length} passwords; ElastiCache allows at most ${MAX_USER_PASSWORDS} per user: ` +
              'drop the extra ones',
          ),
        ]
      : [];
  return [...count, ...value.flatMap((password, i) => judgePassword(user, `${path}[${i}]`, password, USER_PASSWORD))];
}

/** One password being judged: where it is given, and the secret it reads, once known. */
interface Source {
  readonly ref: ResourceRef;
  /** The property path of the password on its resource (`AuthToken`, `Passwords[0]`). */
  readonly path: string;
  readonly kind: PasswordKind;
}

interface SecretSource extends Source {
  readonly secretId: string;
  readonly reference: SecretReference;
}

function judgePassword(ref: ResourceRef, path: string, value: JsonValue, kind: PasswordKind): RuleFinding[] {
  const source: Source = { ref, path, kind };
  const text = textOf(value);
  const reference = secretReference(text);
  if (reference === 'mixed') {
    return [
      warning(ref, `cannot tell what ${path} resolves to: it joins a secret reference with other text ('${text}')`),
    ];
  }
  if (reference === undefined) {
    // A literal is judged as it is; a parameter or another resource's attribute is not the template's to tell.
    return typeof value === 'string' && !value.startsWith('{{resolve:') ? judgeLiteral(source, value) : [];
  }
  const secret = secretOf(ref.stack, reference.secretId);
  if (secret === undefined) return [];
  const read: SecretSource = { ...source, secretId: secret.logicalId, reference };
  const from = `${path} reads secret ${secret.logicalId}`;
  if (!isLiteral(reference.jsonKey)) {
    return [
      warning(ref, `cannot tell which json key of secret ${secret.logicalId} ${path} selects ('${reference.jsonKey}')`),
    ];
  }
  const properties = secret.resource.Properties;
  const generate = properties.GenerateSecretString;
  if (generate === undefined) return judgeSecretString(read, properties.SecretString);
  const spec = asObject(generate);
  if (spec === undefined) {
    return [
      warning(
        ref,
        `cannot tell what secret ${secret.logicalId} generates (GenerateSecretString '${textOf(generate)}')`,
      ),
    ];
  }
  const generatedKey = spec.GenerateStringKey;
  if (generatedKey === undefined) {
    if (reference.jsonKey === '') return judgeGenerated(read, spec);
    return [
      error(
        ref,
        `${from} with json key '${reference.jsonKey}', but the secret is one generated string, not JSON: ` +
          'drop the json key from the reference',
      ),
    ];
  }
  const key = asString(generatedKey);
  if (key === undefined) {
    return [
      warning(
        ref,
        `cannot tell under which key secret ${secret.logicalId} generates its password ('${textOf(generatedKey)}')`,
      ),
    ];
  }
  if (reference.jsonKey === key) return judgeGenerated(read, spec);
  if (reference.jsonKey === '') {
    return [
      error(
        ref,
        `${from} without a json key, so ElastiCache gets the whole JSON document, which ${kind.name} cannot be: ` +
          `select the generated key — {{resolve:secretsmanager:…:SecretString:${key}}}, ` +
          `secret.secretValueFromJson('${key}') in CDK`,
      ),
    ];
  }
  return judgeSecretString(read, spec.SecretStringTemplate);
}

/** A value the template writes itself (SecretString, or a key of SecretStringTemplate): judged when it is literal. */
function judgeSecretString(source: SecretSource, secretString: JsonValue | undefined): RuleFinding[] {
  const { ref, path, secretId, reference } = source;
  if (secretString === undefined) return [];
  const text = asString(secretString);
  if (text === undefined) {
    return [warning(ref, `cannot tell the value of secret ${secretId} that ${path} reads ('${textOf(secretString)}')`)];
  }
  if (reference.jsonKey === '') return judgeLiteral(source, text);
  const from = `${path} reads secret ${secretId} with json key '${reference.jsonKey}'`;
  let document: JsonObject | undefined;
  try {
    document = asObject(JSON.parse(text) as JsonValue);
  } catch {
    document = undefined;
  }
  if (document === undefined) return [error(ref, `${from}, but its text is not JSON: drop the json key`)];
  const selected = document[reference.jsonKey];
  if (selected === undefined) return [error(ref, `${from}, which the secret does not hold: select a key it holds`)];
  return typeof selected === 'string'
    ? judgeLiteral(source, selected)
    : [error(ref, `${from}, whose value is not a string: select one that is`)];
}

/** GenerateSecretString: the length of what it generates, and the characters it may draw. */
function judgeGenerated(source: SecretSource, spec: JsonObject): RuleFinding[] {
  return [...judgeGeneratedLength(source, spec), ...judgeGeneratedCharacters(source, spec)];
}

function judgeGeneratedLength({ ref, path, secretId }: SecretSource, spec: JsonObject): RuleFinding[] {
  const given = spec.PasswordLength;
  const length = given === undefined ? DEFAULT_PASSWORD_LENGTH : numberOf(given);
  if (length === undefined) {
    return [
      warning(ref, `cannot tell how long a password secret ${secretId} generates (PasswordLength '${textOf(given)}')`),
    ];
  }
  if (length >= MIN_LENGTH && length <= MAX_LENGTH) return [];
  return [
    error(
      ref,
      `${path} reads secret ${secretId}, which generates ${length} characters` +
        `${given === undefined ? ' (the default PasswordLength)' : ''}; ElastiCache takes ${MIN_LENGTH}–${MAX_LENGTH}: ` +
        `set PasswordLength between ${MIN_LENGTH} and ${MAX_LENGTH}`,
    ),
  ];
}

function judgeGeneratedCharacters({ ref, path, kind, secretId }: SecretSource, spec: JsonObject): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const from = `${path} reads secret ${secretId}`;
  const includeSpace = booleanOf(spec.IncludeSpace);
  if (includeSpace === undefined) {
    findings.push(
      warning(
        ref,
        `cannot tell whether secret ${secretId} generates spaces (IncludeSpace '${textOf(spec.IncludeSpace)}')`,
      ),
    );
  } else if (includeSpace) {
    findings.push(
      kind.asciiOnly
        ? error(ref, `${from}, which generates spaces (IncludeSpace), refused in ${kind.name}: drop IncludeSpace`)
        : warning(
            ref,
            `${from}, which generates spaces (IncludeSpace), which ElastiCache does not document taking in ` +
              `${kind.name}: drop IncludeSpace`,
          ),
    );
  }
  const excludePunctuation = booleanOf(spec.ExcludePunctuation);
  if (excludePunctuation === true) return findings;
  const excluded = spec.ExcludeCharacters === undefined ? '' : asString(spec.ExcludeCharacters);
  const refused =
    excluded === undefined ? undefined : [...kind.refusedPunctuation].filter((c) => !excluded.includes(c));
  if (refused !== undefined && refused.length === 0) return findings;
  if (excludePunctuation === undefined || refused === undefined) {
    findings.push(
      warning(
        ref,
        `cannot tell whether secret ${secretId} generates punctuation refused in ${kind.name} (ExcludePunctuation ` +
          `${shownValue(spec.ExcludePunctuation)}, ExcludeCharacters ${shownValue(spec.ExcludeCharacters)})`,
      ),
    );
    return findings;
  }
  findings.push(
    error(
      ref,
      `${from}, which may generate ${refused.join(' ')}, refused in ${kind.name} (it takes ${kind.accepted}): ` +
        'set ExcludePunctuation to true, or add them to ExcludeCharacters',
    ),
  );
  return findings;
}

/** A password written in the template. */
function judgeLiteral(source: Source | SecretSource, text: string): RuleFinding[] {
  const { ref, kind } = source;
  const path = 'secretId' in source ? `${source.path} (the value of secret ${source.secretId})` : source.path;
  const findings: RuleFinding[] = [];
  if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) {
    findings.push(
      error(
        ref,
        `${path} is ${text.length} characters long; ElastiCache takes ${MIN_LENGTH}–${MAX_LENGTH}: change its length`,
      ),
    );
  }
  const characters = [...new Set(text)];
  const shown = (list: string[]) => list.map((c) => JSON.stringify(c)).join(' ');
  const refused = characters.filter((c) => characterIn(c, kind) === 'refused');
  const unsure = characters.filter((c) => characterIn(c, kind) === 'unsure');
  if (refused.length > 0) {
    findings.push(error(ref, `${path} holds ${shown(refused)}, refused in ${kind.name}: use ${kind.accepted}`));
  }
  if (unsure.length > 0) {
    findings.push(
      warning(
        ref,
        `${path} holds ${shown(unsure)}; ElastiCache does not say it takes them in ${kind.name}: use ${kind.accepted}`,
      ),
    );
  }
  return findings;
}

/** Whether ElastiCache documents taking the character in this kind of password, refusing it, or neither. */
function characterIn(c: string, kind: PasswordKind): 'taken' | 'refused' | 'unsure' {
  if (/^[A-Za-z0-9]$/.test(c)) return 'taken';
  if (kind.refusedPunctuation.includes(c)) return 'refused';
  if (SECRETS_MANAGER_PUNCTUATION.includes(c)) return 'taken';
  const code = c.codePointAt(0) ?? 0;
  // Control characters are not printable; what remains is a space or a non-ASCII character.
  if (code < 0x20 || code === 0x7f) return 'refused';
  return kind.asciiOnly ? 'refused' : 'unsure';
}

/** A property's value for a message. */
function shownValue(value: JsonValue | undefined): string {
  return value === undefined ? 'unset' : `'${textOf(value)}'`;
}

function numberOf(value: JsonValue): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** true/false (CloudFormation also takes 'true'/'false'); absent is false; undefined when it is a token. */
function booleanOf(value: JsonValue | undefined): boolean | undefined {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return undefined;
}

function error(ref: ResourceRef, message: string): RuleFinding {
  return { severity: 'error', stack: ref.stack, logicalId: ref.logicalId, resource: ref.resource, message };
}

function warning(ref: ResourceRef, message: string): RuleFinding {
  return { severity: 'warning', stack: ref.stack, logicalId: ref.logicalId, resource: ref.resource, message };
}

import type { TemplateJson } from './pipeline-template';
import { DEFAULT_PASSWORD_LENGTH, SECRETS_MANAGER_PUNCTUATION } from '../preflight/secret-generator';

/*
 * A credential nobody chose: a whole dynamic reference to a secret the template generates, long enough from a set
 * large enough (protected-cache.ts judges every cache credential by it).
 */

type Resource = NonNullable<TemplateJson['Resources']>[string];
type Resources = Readonly<Record<string, Resource>>;

export const UNREADABLE = 'a value this check cannot read';
const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = LOWERCASE.toUpperCase();
const DIGITS = '0123456789';
/** A generated password or token: at least this many characters, from a set at least this large (letters, digits). */
const MIN_SECRET_LENGTH = 32;
const MIN_SECRET_CHARACTERS = 62;
export const GENERATED = `a whole dynamic reference ({{resolve:secretsmanager:<Ref>}}) to a secret this template generates, of at least ${MIN_SECRET_LENGTH} characters from a set of at least ${MIN_SECRET_CHARACTERS} (letters and digits, or more)`;

/**
 * Undefined when the value is a whole dynamic reference to the current SecretString of a secret of this template
 * whose value Secrets Manager generates strong enough; otherwise what it is instead.
 */
export function generatedSecretProblem(value: unknown, resources: Resources): string | undefined {
  const secret = dynamicReferenceTarget(value);
  if (secret === undefined) {
    return typeof value === 'string' && !value.startsWith('{{resolve:') ? 'a literal value' : UNREADABLE;
  }
  const resource = resources[secret];
  if (
    resource === undefined ||
    (resource as { Condition?: unknown }).Condition !== undefined ||
    resource.Type !== 'AWS::SecretsManager::Secret'
  ) {
    return `a reference to ${secret}, not a secret this template generates`;
  }
  const properties = resource.Properties ?? {};
  if (properties.SecretString !== undefined) return `secret ${secret} with a literal SecretString`;
  const generator = properties.GenerateSecretString;
  if (typeof generator !== 'object' || generator === null || Array.isArray(generator)) {
    return `secret ${secret} with ${generator === undefined ? 'no GenerateSecretString' : `a GenerateSecretString this check cannot read`}`;
  }
  const options = generator as Record<string, unknown>;
  if (options.SecretStringTemplate !== undefined || options.GenerateStringKey !== undefined) {
    return `secret ${secret} with a SecretStringTemplate (literal values beside the generated one)`;
  }
  const strength = generatorStrength(options);
  if (strength === undefined) return `secret ${secret} with a GenerateSecretString this check cannot read`;
  if (strength.length < MIN_SECRET_LENGTH || strength.characters < MIN_SECRET_CHARACTERS) {
    return `secret ${secret} generating ${strength.length} characters from a set of ${strength.characters}`;
  }
  return undefined;
}

/**
 * The secret a whole `{{resolve:secretsmanager:<Ref>}}` names, reading its current SecretString (no JSON key, no
 * version stage or id): as Fn::Join with '' of the prefix, a Ref and the suffix (what CDK writes), or Fn::Sub.
 */
function dynamicReferenceTarget(value: unknown): string | undefined {
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const suffix = /^(?::SecretString:{0,3})?\}\}$/;
  const sub = object['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}(.*)$/s.exec(sub);
    return match !== null && suffix.test(match[2]) ? match[1] : undefined;
  }
  const join = object['Fn::Join'];
  if (!Array.isArray(join) || join.length !== 2 || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const parts: unknown[] = [];
  for (const part of join[1] as unknown[]) {
    const last = parts.length - 1;
    if (typeof part === 'string' && typeof parts[last] === 'string') parts[last] = `${parts[last] as string}${part}`;
    else parts.push(part);
  }
  const [prefix, ref, rest] = parts;
  const target = (ref as { Ref?: unknown } | null)?.Ref;
  return parts.length === 3 &&
    prefix === '{{resolve:secretsmanager:' &&
    typeof target === 'string' &&
    typeof rest === 'string' &&
    suffix.test(rest)
    ? target
    : undefined;
}

/** The length and the size of the character set of what a GenerateSecretString makes; undefined if unreadable. */
function generatorStrength(options: Record<string, unknown>): { length: number; characters: number } | undefined {
  const flag = (name: string): boolean | undefined => {
    const option = options[name];
    if (option === undefined) return false;
    return option === true || option === 'true' ? true : option === false || option === 'false' ? false : undefined;
  };
  const length = options.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  const excluded = options.ExcludeCharacters ?? '';
  const sets: [string, boolean | undefined][] = [
    [LOWERCASE, flag('ExcludeLowercase')],
    [UPPERCASE, flag('ExcludeUppercase')],
    [DIGITS, flag('ExcludeNumbers')],
    [SECRETS_MANAGER_PUNCTUATION, flag('ExcludePunctuation')],
  ];
  const readableLength = typeof length === 'number' || (typeof length === 'string' && /^\d+$/.test(length));
  if (!readableLength || typeof excluded !== 'string' || sets.some(([, exclude]) => exclude === undefined)) {
    return undefined;
  }
  // IncludeSpace is not counted: a space only ever adds one.
  const characters = sets
    .filter(([, exclude]) => exclude === false)
    .flatMap(([set]) => [...set])
    .filter((character) => !excluded.includes(character));
  return { length: Number(length), characters: new Set(characters).size };
}

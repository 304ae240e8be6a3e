import type { AssemblyStack, TemplateResource } from './assembly-model';
import { asString } from './json-value';
import { isLiteral, refTarget } from './template-values';

/*
 * Which secret of a stack a Secrets Manager dynamic reference (`{{resolve:secretsmanager:…}}`) names, read from the
 * reference's text (template-values' textOf: a Ref is `${LogicalId}`).
 */

/** A Secrets Manager dynamic reference: the secret it names and the json key it selects ('' for the whole text). */
export interface SecretReference {
  readonly secretId: string;
  readonly jsonKey: string;
}

const REFERENCE_START = '{{resolve:secretsmanager:';

/** The reference the whole value is, undefined when the value holds none, 'mixed' when it holds one among other text. */
export function secretReference(text: string): SecretReference | 'mixed' | undefined {
  if (!text.includes(REFERENCE_START)) return undefined;
  const whole = /^\{\{resolve:secretsmanager:(.*)\}\}$/s.exec(text);
  if (whole === null || whole[1].includes('}}')) return 'mixed';
  const inner = whole[1];
  const at = inner.indexOf(':SecretString');
  if (at < 0) return { secretId: inner, jsonKey: '' };
  const rest = inner.slice(at + ':SecretString'.length);
  return { secretId: inner.slice(0, at), jsonKey: rest.startsWith(':') ? rest.slice(1).split(':')[0] : '' };
}

/** The AWS::SecretsManager::Secret of the stack a secret id names (`${Logical}` from a Ref, or its literal Name). */
export function secretOf(
  stack: AssemblyStack,
  secretId: string,
): { logicalId: string; resource: TemplateResource } | undefined {
  const named = /^\$\{([A-Za-z0-9]+)\}$/.exec(secretId)?.[1];
  // A SecretTargetAttachment's Ref is its secret's ARN.
  const attachment = named === undefined ? undefined : stack.template.Resources[named];
  const ref =
    attachment?.Type === 'AWS::SecretsManager::SecretTargetAttachment'
      ? (refTarget(attachment.Properties.SecretId) ?? named)
      : named;
  const entries = Object.entries(stack.template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::SecretsManager::Secret',
  );
  const found =
    ref !== undefined
      ? entries.find(([logicalId]) => logicalId === ref)
      : isLiteral(secretId)
        ? entries.find(([, resource]) => asString(resource.Properties.Name) === secretId)
        : undefined;
  return found === undefined ? undefined : { logicalId: found[0], resource: found[1] };
}

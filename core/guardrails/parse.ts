import { parseDocument } from 'yaml';
import { ConfigError, issueDescriber } from '../../model/config/load';
import { guardrailsSchema, type Guardrails } from './schema';

/**
 * Parses and validates a guardrails document (YAML, so JSON too); `source` names the file or the
 * parameter in messages. A bad document throws a ConfigError with one line per problem, each naming
 * the field path, like the pipeline configuration does.
 */
export function parseGuardrails(text: string, source: string): Guardrails {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) throw new ConfigError(source, ['is empty']);
  const result = guardrailsSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ConfigError(source, result.error.issues.map(issueDescriber(guardrailsSchema)));
  return result.data;
}

import { z } from 'zod';
import { configSchema } from './schema';

export const JSON_SCHEMA_FILE = 'pipeline.config.schema.json';

/** The JSON Schema of `pipeline.config.yaml` for editors, as committed in `pipeline.config.schema.json`. */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'ecs-bluegreen-pipeline configuration' }, null, 2)}\n`;
}

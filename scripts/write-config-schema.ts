import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../model/config/json-schema';

writeFileSync(resolve(__dirname, '..', JSON_SCHEMA_FILE), configJsonSchemaText());

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, 'fixtures');
export const DESCRIBE_FIXTURE = join(FIXTURES, 'describe-task-definition.json');
export const CONFIG_FIXTURE = join(FIXTURES, 'pipeline.config.yaml');

/** The describe-task-definition answer of the fixture, as text and as a fresh object each call. */
export const describeText = (): string => readFileSync(DESCRIBE_FIXTURE, 'utf8');
// The fixture's shape is checked by the tests that read it; any here keeps the tests short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const describeObject = (): any => JSON.parse(describeText());

export const DIGEST = `sha256:${'a1'.repeat(32)}`;
export const IMAGE_BY_DIGEST = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/sample/service@${DIGEST}`;

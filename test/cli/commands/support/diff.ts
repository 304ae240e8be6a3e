import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineConfig } from '../../../../model/config';
import { fixtureConfig } from '../../../support/configs';

/** One stack of a test assembly: where it deploys and its template. */
export interface StackFile {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: unknown;
}

/** A cloud assembly in `work/name` with the given stacks, as `cdk synth` lays it out (manifest.json and one template each). */
export function writeAssembly(work: string, name: string, stacks: readonly StackFile[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const templateFile = `${stack.stackName}.template.json`;
    writeFileSync(join(dir, templateFile), JSON.stringify(stack.template));
    artifacts[stack.stackName] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${stack.account}/${stack.region}`,
      properties: { templateFile, stackName: stack.stackName },
    };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
  return dir;
}

/** The data-app fixture (queue) with the web service on another port and the database under another name. */
export function changedDataApp(): PipelineConfig {
  const config = fixtureConfig('data-app');
  return {
    ...config,
    services: config.services.map((s) => (s.name === 'producer' && s.kind === 'web' ? { ...s, port: 5081 } : s)),
    database: config.database && { ...config.database, name: 'totals' },
  };
}

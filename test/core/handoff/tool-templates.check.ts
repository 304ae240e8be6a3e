import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMasterSecretUse } from '../../../core/guardrails/protected-master-secret';
import { databaseUsersResourceProblems } from '../../../core/handoff/database-users-resource';
import { masterCredentialProblems } from '../../../core/handoff/master-credentials';
import { masterSecretUseProblems } from '../../../core/handoff/master-secret-use';
import { secretReads } from '../../../core/handoff/secret-readers';
import { masterSecrets } from '../../../core/guardrails/master-secrets';
import { TOOL_CODE, judgeToolFunctions } from '../../../core/handoff/tool-functions';
import { LAMBDA_HANDLERS, lambdaBundleDir } from '../../../model/tool-files';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../../model/config';
import { EXAMPLES, REPO_ROOT, exampleConfig, fixtureConfig, shippedConfig } from '../../support/configs';
import { stageStacks, synthesized } from '../../support/synthesized';

// GIVEN every configuration the tool ships or tests (those of resource-types.test.ts), and the data app's database on
// every engine, and with the master user for its services.
const dataApp = (name: string, database: Record<string, unknown>) => {
  const raw = parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'data-app.yaml'), 'utf8')) as {
    database: Record<string, unknown>;
  };
  raw.database = { ...raw.database, ...database };
  return [`fixture data-app, ${name}`, parseConfig(stringify(raw), 'data-app.yaml')] as const;
};
const configs = [
  ['the shipped configuration', shippedConfig()],
  ...EXAMPLES.map((name) => [`example ${name}`, exampleConfig(name)] as const),
  ...(
    ['all-capabilities', 'data-app', 'frontend-app', 'existing-network', 'storage-jobs', 'three-services'] as const
  ).map((name) => [`fixture ${name}`, fixtureConfig(name)] as const),
  dataApp('the master user for the services', { applicationUser: false }),
  dataApp('postgres', { engine: 'postgres' }),
  dataApp('aurora-postgresql', { engine: 'aurora-postgresql', instanceClass: 'db.r7g.large' }),
  dataApp('aurora-mysql', { engine: 'aurora-mysql', instanceClass: 'db.r7g.large' }),
] as const;

// The tool's bundles and CDK's provider framework (as CDK stages it: without its declarations and marker), by the key
// CDK publishes each under (its fingerprint): Verify compares the bytes of the real code, as in a candidate.
let staged: string;
beforeAll(() => {
  staged = mkdtempSync(join(tmpdir(), 'provider-framework-'));
  cpSync(TOOL_CODE.frameworkDir, staged, { recursive: true, filter: (f) => !/(\.ts|\.is_custom_resource)$/.test(f) });
});
afterAll(() => rmSync(staged, { recursive: true, force: true }));
const codeDirs = (): Map<string, string> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the synthesis loaded it too
  const { FileSystem } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  return new Map(
    [...LAMBDA_HANDLERS.map((handler) => lambdaBundleDir(handler)), staged].map((dir) => [
      `${FileSystem.fingerprint(dir)}.zip`,
      dir,
    ]),
  );
};

test.each(configs)(
  "%s: Verify's function, master-secret and master-credential checks find nothing in any environment stack",
  (_name, config) => {
    const templates = synthesized(config);
    const stacks = Object.keys(templates.environments).flatMap((environment) =>
      Object.values(stageStacks(templates, environment)),
    );
    const dirs = codeDirs();
    const judged = stacks.map((stack) => {
      const resources = stack.template.toJSON().Resources as Record<
        string,
        { Type: string; Properties?: Record<string, unknown> }
      >;
      const assetSources = new Map(
        Object.values(resources).flatMap(({ Properties }) => {
          const { S3Bucket, S3Key } = (Properties?.Code ?? {}) as { S3Bucket?: unknown; S3Key?: unknown };
          const dir = dirs.get(String(S3Key));
          return dir === undefined ? [] : [[`${String(S3Bucket)}/${String(S3Key)}`, dir] as const];
        }),
      );
      const tools = judgeToolFunctions(resources, { assetSources });
      // Where the cache's token rotates, the checks did judge its function: another user's id is refused.
      const cacheRotation = Object.entries(resources).find(([, r]) =>
        String(r.Properties?.FunctionName).endsWith('-cache-rotation'),
      );
      if (cacheRotation !== undefined) {
        const changed = structuredClone(resources);
        changed[cacheRotation[0]].Properties!.Environment = { Variables: { CACHE_USER_ID: 'another-user' } };
        expect(judgeToolFunctions(changed, { assetSources }).problems).toEqual([
          expect.stringContaining(`cache-rotation handler with CACHE_USER_ID "another-user"`),
        ]);
      }
      const problems = [
        ...tools.problems,
        ...masterSecretUseProblems(resources, tools.databaseRoles),
        ...databaseUsersResourceProblems(resources),
        ...masterCredentialProblems(resources),
        ...(config.database?.applicationUser === false
          ? []
          : checkMasterSecretUse(resources, stack.path).map((v) => JSON.stringify(v))),
      ].map((problem) => `${stack.path}: ${problem}`);
      const executionReads = secretReads(resources, masterSecrets(resources)).filter(
        (read) => read.reach === 'master' && read.roles.some((role) => !tools.databaseRoles.has(role)),
      ).length;
      return { problems, roles: tools.databaseRoles.size, executionReads, cacheRotations: cacheRotation ? 1 : 0 };
    });
    expect(judged.flatMap((j) => j.problems)).toEqual([]);
    // Where there is a database, the checks did read its functions; with the master user for the services, its
    // execution roles read the master secret, and pass as execution roles.
    if (config.database !== undefined) expect(judged.reduce((sum, j) => sum + j.roles, 0)).toBeGreaterThan(0);
    if (config.cache?.rotation !== undefined)
      expect(judged.reduce((sum, j) => sum + j.cacheRotations, 0)).toBeGreaterThan(0);
    const executionReads = judged.reduce((sum, j) => sum + j.executionReads, 0);
    if (config.database?.applicationUser === false) expect(executionReads).toBeGreaterThan(0);
    else expect(executionReads).toBe(0);
  },
);

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolFunctionProblems } from '../../../core/handoff/tool-functions';

// GIVEN the tool's bundles and a candidate's asset directories, as files.
let work: string;
const dir = (...parts: string[]) => join(work, ...parts);
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tool-functions-'));
  write(dir('bundles', 'lifecycle-hook', 'index.js'), 'the hook');
  write(dir('bundles', 'integration-gate', 'index.js'), 'the gate');
  write(dir('bundles', 'listener-repoint', 'index.js'), 'the re-point');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const bundleDir = (name: string) => dir('bundles', name);
const fn = (FunctionName: string, key: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { FunctionName, Code: { S3Bucket: 'b', S3Key: key } },
});
const judged = (functions: Record<string, ReturnType<typeof fn>>, assets: Record<string, string>) =>
  toolFunctionProblems(
    functions,
    { assetSources: new Map(Object.entries(assets).map(([k, v]) => [`b/${k}`, v])) },
    bundleDir,
  );

test("admits hooks and the re-point function that run the tool's own bundles, and leaves other functions to the rest of Verify", () => {
  write(dir('asset.1', 'index.js'), 'the hook');
  write(dir('asset.2', 'index.js'), 'the gate');
  write(dir('asset.3', 'index.js'), 'the re-point');
  expect(
    judged(
      {
        Hook: fn('CodeDeployHook_shop-prod', '1.zip'),
        Gate: fn('CodeDeployHook_shop-prod-gate', '2.zip'),
        Repoint: fn('shop-prod-listener-repoint', '3.zip'),
        App: fn('shop-prod-thumbnails', '4.zip'),
      },
      { '1.zip': dir('asset.1'), '2.zip': dir('asset.2'), '3.zip': dir('asset.3') },
    ),
  ).toEqual([]);
});

test('refuses a hook whose code is not the bundle (one that always reports success), or has a file more', () => {
  write(dir('asset.1', 'index.js'), 'exports.handler = async () => report("Succeeded")');
  write(dir('asset.2', 'index.js'), 'the hook');
  write(dir('asset.2', 'extra.js'), 'more');
  const problems = judged(
    { Hook: fn('CodeDeployHook_shop-prod', '1.zip'), Other: fn('CodeDeployHook_shop-prod-smoke', '2.zip') },
    { '1.zip': dir('asset.1'), '2.zip': dir('asset.2') },
  );
  expect(problems).toHaveLength(2);
  expect(problems[0]).toBe(
    "Hook (CodeDeployHook_shop-prod) runs code that is not this tool's lifecycle-hook or integration-gate handler: a " +
      "protected deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the release " +
      'stack with that version first, then hand the candidate off again',
  );
});

test('refuses a hook whose code the candidate does not publish', () => {
  expect(judged({ Hook: fn('CodeDeployHook_shop-prod', 'elsewhere.zip') }, {})).toHaveLength(1);
});

test.each(['database-users', 'database-rotation'])(
  "admits the %s function running the tool's bundle and refuses it running other code",
  (handler) => {
    write(dir('bundles', handler, 'index.js'), 'the handler');
    write(dir('asset.1', 'index.js'), 'the handler');
    write(dir('asset.2', 'index.js'), 'exports.handler = async () => send(process.env)');
    expect(judged({ Db: fn(`shop-prod-${handler}`, '1.zip') }, { '1.zip': dir('asset.1') })).toEqual([]);
    const problems = judged({ Db: fn(`shop-prod-${handler}`, '2.zip') }, { '2.zip': dir('asset.2') });
    expect(problems).toEqual([expect.stringContaining(`runs code that is not this tool's ${handler} handler`)]);
  },
);

import type { JsonObject } from '../../../../core/preflight/json-value';
import { releaseToolIntegrity } from '../../../../core/preflight/rules/release-tool-integrity';
import { PROTECTED_ACCOUNTS_OUTPUT } from '../../../../model/release-split';
import { pinnedToolInstall } from '../../../../pipeline/release/release-project';
import { assemblyOf, codeBuildProject, runRule, stack } from '../harness';

const SPEC = 'ecs-bluegreen-pipeline@1.2.3';
const buildSpec = (commands: string[]) => JSON.stringify({ version: '0.2', phases: { build: { commands } } });
const releaseStack = (
  commands: string[],
  outputs: JsonObject = { [PROTECTED_ACCOUNTS_OUTPUT]: { Value: '333333333333' } },
) => stack('app-release', { resources: { Verify: codeBuildProject(buildSpec(commands)) }, outputs });

describe('release-tool-integrity', () => {
  test('passes a release stack whose projects check the tarball against the pinned integrity', () => {
    const commands = [...pinnedToolInstall({ spec: SPEC, integrity: `sha512-${'A'.repeat(86)}==` }), 'bluegreen x'];
    expect(runRule(releaseToolIntegrity, assemblyOf(releaseStack(commands)))).toEqual([]);
  });

  test('warns once per release stack, naming the spec, when its projects install the tool unchecked', () => {
    const commands = [...pinnedToolInstall({ spec: SPEC }), 'bluegreen x'];
    const findings = runRule(releaseToolIntegrity, assemblyOf(releaseStack(commands)));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'release-tool-integrity',
        severity: 'warning',
        stackName: 'app-release',
        message: expect.stringMatching(
          /^the release pipeline installs ecs-bluegreen-pipeline@1\.2\.3 from the registry with no integrity check: /,
        ),
      }),
    ]);
  });

  test('does not judge stacks other than the release stack (the delivery pipeline installs from its lockfile)', () => {
    const commands = [...pinnedToolInstall({ spec: SPEC })];
    expect(runRule(releaseToolIntegrity, assemblyOf(releaseStack(commands, {})))).toEqual([]);
  });
});

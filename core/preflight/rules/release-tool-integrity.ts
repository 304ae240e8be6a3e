import { TOOL_PACKAGE } from '../../../model/tool-files';
import { buildSpecCommands, readBuildSpec } from '../buildspec';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';
import { protectedAccounts } from './protected-account-reach';

/** A fetch of the tool by name and version from the registry (pipeline/release/release-project.ts). */
const REGISTRY_FETCH = new RegExp(`npm pack [^&|;]*\\s(${TOOL_PACKAGE}@[^\\s)]+)`);
/** What checks the fetched tarball against a pinned integrity before anything of it is installed. */
const INTEGRITY_CHECK = 'openssl dgst -sha512';

/** The tool's spec when `command` fetches it from the registry and installs it unchecked. */
function uncheckedSpec(command: string): string[] {
  const spec = REGISTRY_FETCH.exec(command)?.[1];
  return spec === undefined || command.includes(INTEGRITY_CHECK) ? [] : [spec];
}

/**
 * The release pipeline runs the tool that judges and deploys protected candidates; it installs it from the
 * registry at run time, so the tarball must be the one the application's lockfile recorded when the platform team
 * synthesized the stack. Without an integrity, whoever can publish that version (or serve the registry) decides
 * what runs with the protected accounts' roles.
 */
export const releaseToolIntegrity: Rule = {
  id: 'release-tool-integrity',
  severity: 'warning',
  title: "The release pipeline installs the tool only at the integrity the application's lockfile records",
  awsBehaviour:
    "CodeBuild runs whatever the install command fetches; npm checks a tarball against the registry's own " +
    'integrity, so only an integrity fixed in the buildspec ties the build to the package that was reviewed.',
  docUrl: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json#packages',
  check: (assembly) =>
    [...protectedAccounts(assembly).releaseStacks].flatMap((stack): RuleFinding[] => {
      const unchecked = resourcesOfType(stack, 'AWS::CodeBuild::Project').flatMap((project) => {
        const buildSpec = readBuildSpec(project.resource.Properties.Source);
        if (buildSpec.kind !== 'inline') return [];
        return buildSpecCommands(buildSpec.spec).flatMap(uncheckedSpec);
      });
      if (unchecked.length === 0) return [];
      return [
        {
          stack,
          severity: 'warning',
          message:
            `the release pipeline installs ${unchecked[0]} from the registry with no integrity check: synthesize the ` +
            `release stack from a checkout whose package-lock.json records the tool's integrity (the tool installed ` +
            'from a registry or a tarball, not linked), so each release step refuses any other tarball',
        },
      ];
    }),
};

import { App, type AppProps } from 'aws-cdk-lib';
import { FEATURE_FLAGS } from '../../pipeline/feature-flags';

/**
 * An App as the tests synthesize one: the tool's feature flags (as `createPipelineApp` sets them), no
 * asset bundling (test/e2e/cdk-synth.check.ts proves bundling works) and, unless asked, no built-in
 * CloudFormation validation. That validation takes most of a synthesis and judges nothing these tests read:
 * the real `cdk synth` runs it (test/e2e/cdk-synth.check.ts, `npm start`), and CI over every example and
 * fixture (scripts/check-examples.sh). Nor does it capture a stack trace for each construct's metadata and each
 * CloudFormation element's creation (a tenth of a synthesis, more under jest's source maps), nor write the
 * construct tree's tree.json (another twelfth): no test reads them, and an error still carries its own trace.
 */
export function testApp(props: Omit<AppProps, 'context'> = {}): App {
  return new App({
    builtinCloudFormationValidation: false,
    treeMetadata: false,
    ...props,
    context: {
      ...FEATURE_FLAGS,
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:disable-stack-trace': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
}

import { pipelineActionConfigurationLength } from '../../../../core/preflight/rules/pipeline-action-configuration-length';
import { action, assemblyOf, pipeline, runRule, severities, stack, stage } from '../harness';

const variables = (count: number) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      name: `IMAGE_URI_${i}`,
      type: 'PLAINTEXT',
      value: `#{Image@ScanImage-service${i}.IMAGE_URI}`,
    })),
  );
const run = (environmentVariables: string) =>
  runRule(
    pipelineActionConfigurationLength,
    assemblyOf(
      stack('app-pipeline', {
        resources: {
          Pipeline: pipeline([
            stage('HandOff', [
              action({
                name: 'Hand-off',
                provider: 'CodeBuild',
                configuration: { EnvironmentVariables: environmentVariables },
              }),
            ]),
          ]),
        },
      }),
    ),
  );

test('compliant: a hand-off with a few images', () => {
  expect(run(variables(4))).toEqual([]);
});

test('non-compliant: a value over 1000 characters, naming the action, the key and its length', () => {
  const value = variables(14);
  const findings = run(value);
  expect(severities(findings)).toEqual(['error']);
  expect(findings[0].message).toContain(
    `action 'Hand-off' of stage 'HandOff' has a EnvironmentVariables of ${value.length} characters; CodePipeline takes at most 1000`,
  );
});

import { globMatch } from '../../../model/glob';
import { asList, asObject, asString } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, type ResourceRef } from '../template-values';

/** The most patterns CodePipeline accepts in one Includes or Excludes list. */
export const MAX_FILE_PATHS = 8;

/** Files whose change alone must start the pipeline: a dependency bump or a build setting changes what is deployed. */
export const BUILD_INPUT_FILES = ['package.json', 'package-lock.json', 'cdk.json', 'tsconfig.json'];

/** Push triggers' file-path filters must be valid and must not leave out the files that change every build. */
export const triggerPaths: Rule = {
  id: 'trigger-paths',
  severity: 'error',
  title: 'Trigger file paths: at most 8, and never filter out the build inputs',
  awsBehaviour:
    'A push trigger starts the pipeline only when a changed file passes its FilePaths filter, which holds at most 8 ' +
    'Includes and 8 Excludes; a filter that misses package.json and friends never starts on a dependency bump.',
  docUrl: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::CodePipeline::Pipeline'))
      .flatMap((pipeline) =>
        asList(pipeline.resource.Properties.Triggers).flatMap((trigger) =>
          asList(asObject(asObject(trigger)?.GitConfiguration)?.Push).flatMap((push) =>
            filePathFindings(pipeline, asObject(asObject(push)?.FilePaths)),
          ),
        ),
      ),
};

function filePathFindings(pipeline: ResourceRef, filePaths: ReturnType<typeof asObject>): RuleFinding[] {
  if (filePaths === undefined) return [];
  const strings = (key: string) =>
    asList(filePaths[key])
      .map((p) => asString(p))
      .filter((p): p is string => p !== undefined);
  const includes = strings('Includes');
  const excludes = strings('Excludes');
  const problems: string[] = [];
  for (const [name, list] of [
    ['Includes', includes],
    ['Excludes', excludes],
  ] as const) {
    if (list.length > MAX_FILE_PATHS) {
      problems.push(`FilePaths.${name} has ${list.length} patterns; CodePipeline accepts at most ${MAX_FILE_PATHS}`);
    }
  }
  const notIncluded =
    includes.length === 0 ? [] : BUILD_INPUT_FILES.filter((f) => !includes.some((p) => globMatch(p, f)));
  if (notIncluded.length > 0) {
    problems.push(
      `FilePaths.Includes does not match ${notIncluded.join(', ')}, so a change to only those never starts the pipeline; ` +
        'prefer Excludes for what never matters (docs) over listing what does',
    );
  }
  const excluded = BUILD_INPUT_FILES.filter((f) => excludes.some((p) => globMatch(p, f)));
  if (excluded.length > 0) {
    problems.push(
      `FilePaths.Excludes matches ${excluded.join(', ')}, so a change to only those never starts the pipeline`,
    );
  }
  return problems.map((message) => ({
    severity: 'error',
    stack: pipeline.stack,
    logicalId: pipeline.logicalId,
    resource: pipeline.resource,
    message,
  }));
}

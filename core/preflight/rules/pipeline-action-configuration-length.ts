import { pipelinesOf } from '../pipelines';
import { errorAt, type Rule, type RuleFinding } from '../rule';
import { textOf } from '../template-values';

/** CodePipeline's limit on each value of an action's configuration. */
const MAX_CONFIGURATION_VALUE = 1000;

/**
 * Every value of every action's configuration fits CodePipeline's limit. CDK Pipelines writes all of a step's
 * variables into one value (EnvironmentVariables), so a step that reads many others' variables (the hand-off, one
 * image per service) can outgrow it as the configuration grows, and only the pipeline's update would say so.
 */
export const pipelineActionConfigurationLength: Rule = {
  id: 'pipeline-action-configuration-length',
  severity: 'error',
  title: `Each value of a pipeline action's configuration fits ${MAX_CONFIGURATION_VALUE} characters`,
  awsBehaviour:
    'CodePipeline refuses a pipeline whose action configuration holds a value longer than 1000 characters ' +
    '("Map value must satisfy constraint: [Member must have length less than or equal to 1000]").',
  docUrl: 'https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html',
  check: (assembly) =>
    pipelinesOf(assembly).flatMap((pipeline) =>
      pipeline.stages.flatMap((stage) =>
        stage.actions.flatMap((action) =>
          Object.entries(action.configuration).flatMap(([key, value]): RuleFinding[] => {
            const length = textOf(value).length;
            if (length <= MAX_CONFIGURATION_VALUE) return [];
            return [
              errorAt(
                pipeline,
                `action '${action.name}' of stage '${stage.name}' has a ${key} of ${length} characters; ` +
                  `CodePipeline takes at most ${MAX_CONFIGURATION_VALUE}: fewer or shorter variables in that action ` +
                  "(CDK Pipelines writes all of a step's variables into one value) or shorter names",
              ),
            ];
          }),
        ),
      ),
    ),
};

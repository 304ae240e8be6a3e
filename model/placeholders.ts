/**
 * The name the CodeDeployToECS action looks for in `taskdef.json` (its image input's
 * `taskDefinitionPlaceholder`); the one definition, for the renderer and for the pipeline step.
 */
export const IMAGE_PLACEHOLDER_NAME = 'IMAGE1_NAME';

/** How the placeholder is written in `taskdef.json`: the action replaces it with the image of its image input. */
export const IMAGE_PLACEHOLDER = `<${IMAGE_PLACEHOLDER_NAME}>`;

/** The placeholder the CodeDeployToECS action replaces with the ARN of the task definition it registers. */
export const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';

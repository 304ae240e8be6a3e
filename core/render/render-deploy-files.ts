import { appSpecYaml, buildAppSpec, hookFunctionsByEvent, type AppSpecOptions } from './appspec';
import type { DescribedTaskDefinition } from './describe-output';
import { imageDetailJson } from './image-detail';
import { toRegistrableTaskDefinition } from './task-definition';

/** The file names the CodeDeployToECS action reads by default (`imageDetail.json`, not CDK's "imageDetails.json"). */
export const TASKDEF_FILE = 'taskdef.json';
export const APPSPEC_FILE = 'appspec.yaml';
export const IMAGE_DETAIL_FILE = 'imageDetail.json';

export interface RenderOptions extends AppSpecOptions {
  /** Writes `imageDetail.json` when given; must be pinned by digest. */
  readonly imageUri?: string;
}

export interface RenderedFile {
  readonly name: string;
  readonly content: string;
}

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  /** Things the caller should tell the user about (nothing here stops the render). */
  readonly notes: readonly string[];
}

/** Everything the CodeDeployToECS action needs, as file contents; writes nothing. */
export function renderDeployFiles(described: DescribedTaskDefinition, options: RenderOptions): RenderResult {
  const app = { containerName: options.containerName, containerPort: options.containerPort };
  const { taskDefinition, droppedTags } = toRegistrableTaskDefinition(described, app);
  const files: RenderedFile[] = [
    { name: TASKDEF_FILE, content: `${JSON.stringify(taskDefinition, null, 2)}\n` },
    {
      name: APPSPEC_FILE,
      content: appSpecYaml(
        buildAppSpec({
          ...app,
          hooks: options.hooks,
          hookFunction: options.hookFunction,
          hookFunctions: options.hookFunctions,
        }),
      ),
    },
  ];
  if (options.imageUri !== undefined)
    files.push({ name: IMAGE_DETAIL_FILE, content: imageDetailJson(options.imageUri) });
  return {
    files,
    notes: notesFor(
      droppedTags.map((t) => t.key),
      appSpecFunctions(options),
    ),
  };
}

/** Every function the appspec names (the default one even when no event uses it, as before), once each. */
function appSpecFunctions(options: AppSpecOptions): string[] {
  return [...new Set([options.hookFunction, ...hookFunctionsByEvent(options).map(([, name]) => name)])];
}

function notesFor(droppedTagKeys: readonly string[], hookFunctions: readonly string[]): string[] {
  const notes: string[] = [];
  if (droppedTagKeys.length > 0) {
    notes.push(
      `left out ${droppedTagKeys.length} tag(s) reserved for AWS (${droppedTagKeys.join(', ')}); RegisterTaskDefinition refuses them`,
    );
  }
  for (const hookFunction of hookFunctions.filter((name) => !/(^|:function:)CodeDeployHook_/.test(name))) {
    notes.push(
      `hook function '${hookFunction}' is not named CodeDeployHook_*: the deployment group's role ` +
        '(AWSCodeDeployRoleForECS) may invoke it only with an explicit grant',
    );
  }
  return notes;
}

import { Document, Scalar } from 'yaml';
import { LIFECYCLE_EVENTS, type LifecycleEvent } from '../../pipeline/config';
import { RenderError } from './render-error';

/** The placeholder the CodeDeployToECS action replaces with the ARN of the task definition it registers. */
export const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';

export interface AppSpecOptions {
  readonly containerName: string;
  readonly containerPort: number;
  /** Lifecycle events that invoke `hookFunction`; written in lifecycle order whatever order they come in. */
  readonly hooks: readonly LifecycleEvent[];
  /** Lambda function name (or ARN) every hook invokes. */
  readonly hookFunction: string;
}

/** The ECS appspec as data (the shape CodeDeploy documents for `AWS::ECS::Service` targets). */
export interface AppSpec {
  readonly version: number;
  readonly Resources: readonly [
    {
      readonly TargetService: {
        readonly Type: 'AWS::ECS::Service';
        readonly Properties: {
          readonly TaskDefinition: string;
          readonly LoadBalancerInfo: { readonly ContainerName: string; readonly ContainerPort: number };
        };
      };
    },
  ];
  readonly Hooks?: readonly Partial<Record<LifecycleEvent, string>>[];
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9$_-]{1,128})?$/;

/** Why `name` cannot be a hook function, or undefined when it can. */
export function hookFunctionProblem(name: string): string | undefined {
  if (FUNCTION_NAME.test(name) || FUNCTION_ARN.test(name)) return undefined;
  return `'${name}' is not a Lambda function name (1-64 of A-Z a-z 0-9 _ -) or function ARN`;
}

export function buildAppSpec(options: AppSpecOptions): AppSpec {
  const problem = hookFunctionProblem(options.hookFunction);
  if (problem !== undefined) throw new RenderError(`hook function ${problem}`);
  const configured = new Set(options.hooks);
  const hooks = LIFECYCLE_EVENTS.filter((event) => configured.has(event)).map((event) => ({
    [event]: options.hookFunction,
  }));
  return {
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: TASK_DEFINITION_PLACEHOLDER,
            LoadBalancerInfo: { ContainerName: options.containerName, ContainerPort: options.containerPort },
          },
        },
      },
    ],
    ...(hooks.length > 0 ? { Hooks: hooks } : {}),
  };
}

/** `appspec.yaml` text; the version is written `0.0` as CodeDeploy documents it (plain YAML would print `0`). */
export function appSpecYaml(appSpec: AppSpec): string {
  const version = new Scalar(appSpec.version);
  version.minFractionDigits = 1;
  return new Document({ ...appSpec, version }).toString();
}

import { Document, Scalar } from 'yaml';
import type { LifecycleEvent } from '../../model/config';
import { LIFECYCLE_EVENTS } from '../../model/config/deployment-schema';
import { TASK_DEFINITION_PLACEHOLDER } from '../../model/placeholders';
import { RenderError } from './render-error';

export interface AppSpecOptions {
  readonly containerName: string;
  readonly containerPort: number;
  /** Lifecycle events that invoke `hookFunction`; written in lifecycle order whatever order they come in. */
  readonly hooks: readonly LifecycleEvent[];
  /** Lambda function name (or ARN) the events of `hooks` invoke. */
  readonly hookFunction: string;
  /**
   * A function of its own for some events, e.g. the integration gate at `AfterAllowTestTraffic` and
   * the smoke checks against the production listener at `AfterAllowTraffic`. An event named here is
   * in the appspec whether or not `hooks` lists it, and invokes this function instead of `hookFunction`.
   * @default - every event of `hooks` invokes `hookFunction`
   */
  readonly hookFunctions?: Partial<Readonly<Record<LifecycleEvent, string>>>;
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

/** The function each lifecycle event invokes, in lifecycle order; events without one are left out. */
export function hookFunctionsByEvent(options: AppSpecOptions): [LifecycleEvent, string][] {
  const configured = new Set(options.hooks);
  return LIFECYCLE_EVENTS.flatMap((event): [LifecycleEvent, string][] => {
    const own = options.hookFunctions?.[event];
    if (own !== undefined) return [[event, own]];
    return configured.has(event) ? [[event, options.hookFunction]] : [];
  });
}

export function buildAppSpec(options: AppSpecOptions): AppSpec {
  const problem = hookFunctionProblem(options.hookFunction);
  if (problem !== undefined) throw new RenderError(`hook function ${problem}`);
  for (const [event, name] of Object.entries(options.hookFunctions ?? {})) {
    if (!(LIFECYCLE_EVENTS as readonly string[]).includes(event)) {
      throw new RenderError(
        `hook function for '${event}': not a lifecycle event (one of ${LIFECYCLE_EVENTS.join(', ')})`,
      );
    }
    const eventProblem = name === undefined ? undefined : hookFunctionProblem(name);
    if (eventProblem !== undefined) throw new RenderError(`hook function for ${event}: ${eventProblem}`);
  }
  const hooks = hookFunctionsByEvent(options).map(([event, name]) => ({ [event]: name }));
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

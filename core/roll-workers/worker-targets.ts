import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment, serviceNames } from '../../model/naming';
import type { EcsPlace } from '../ecs-errors';

/** One worker to move: its ECS service and the exact revision it must run. */
export interface WorkerTarget {
  /** The ECS service name (`<application>-<environment>-<worker>`). */
  readonly service: string;
  /** The task definition ARN with its revision, as the stack output gives it. */
  readonly taskDefinitionArn: string;
}

/** The environment's cluster and every worker with its revision, or the one problem that stops the command. */
export type WorkerRollout =
  | { readonly ok: true; readonly where: EcsPlace; readonly targets: readonly WorkerTarget[] }
  | { readonly ok: false; readonly problem: string };

/** `arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>` */
const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):task-definition\/([A-Za-z0-9_-]{1,255}):[1-9]\d*$/;

/**
 * Matches the given task definition ARNs to the environment's workers by family (each worker's family is its own,
 * naming.ts). Every worker needs exactly one ARN of its own family, in the environment's account and region: a
 * worker left out would stay on the old revision, so it is refused rather than skipped.
 */
export function workerRollout(
  config: PipelineConfig,
  environmentName: string,
  taskDefinitionArns: readonly string[],
): WorkerRollout {
  const environment = findEnvironment(config.environments, environmentName);
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const workers = config.services
    .filter((service) => service.kind === 'worker')
    .map((worker) => serviceNames(config.application, environment, worker));
  if (workers.length === 0) {
    return { ok: false, problem: `environment '${environment.name}' has no worker (services of kind: worker)` };
  }
  const byFamily = new Map<string, string>();
  for (const arn of taskDefinitionArns) {
    const match = TASK_DEFINITION_ARN.exec(arn);
    if (!match) {
      return {
        ok: false,
        problem: `--task-definition must be a task definition ARN with its revision (arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:N), got '${arn}'`,
      };
    }
    const [, region, account, family] = match;
    if (region !== environment.region || account !== environment.account) {
      return {
        ok: false,
        problem: `--task-definition ${arn} is in ${account}/${region}; environment '${environment.name}' is ${environment.account}/${environment.region}`,
      };
    }
    if (!workers.some((w) => w.taskFamily === family)) {
      return {
        ok: false,
        problem: `--task-definition ${arn}: family ${family} is no worker of '${environment.name}' (workers: ${workers.map((w) => w.taskFamily).join(', ')})`,
      };
    }
    if (byFamily.has(family)) return { ok: false, problem: `--task-definition: family ${family} is given twice` };
    byFamily.set(family, arn);
  }
  const missing = workers.filter((w) => !byFamily.has(w.taskFamily)).map((w) => w.taskFamily);
  if (missing.length > 0) {
    return {
      ok: false,
      problem: `--task-definition missing for worker ${missing.join(', ')}: every worker of '${environment.name}' moves to its new revision`,
    };
  }
  return {
    ok: true,
    where: {
      environment: environment.name,
      account: environment.account,
      region: environment.region,
      cluster: names.cluster,
    },
    targets: workers.map((w) => ({ service: w.service, taskDefinitionArn: byFamily.get(w.taskFamily)! })),
  };
}

/**
 * What the scaling-suspension construct and preflight agree on: which CodeDeploy events suspend or resume a web
 * service's Application Auto Scaling, and the suspended state each sets.
 *
 * Application Auto Scaling turns off scale-in during ECS deployments, but scale-out goes on unless suspended
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-auto-scaling.html); a
 * CodeDeploy blue/green deployment changes task sets, not the service, so the pipeline suspends all scaling itself
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-suspend-resume-scaling.html).
 */

/** EventBridge's `detail-type` for CodeDeploy deployment state changes. */
export const DEPLOYMENT_STATE_CHANGE = 'CodeDeploy Deployment State-change Notification';

/** The state that suspends scaling: the deployment has started. */
export const SUSPEND_ON_STATE = 'START';

/** The states after which the deployment changes no task set any more: scaling resumes. */
export const RESUME_ON_STATES = ['SUCCESS', 'FAILURE', 'STOP'] as const;

/** Every state the rule forwards to the state machine. */
export const SCALING_SUSPENSION_STATES = [SUSPEND_ON_STATE, ...RESUME_ON_STATES] as const;

/**
 * GetDeployment statuses after which CodeDeploy changes no task set for this deployment. A rollback is a deployment
 * of its own, with its own START.
 */
export const FINISHED_DEPLOYMENT_STATUSES = ['Succeeded', 'Failed', 'Stopped'] as const;

/** Seconds between two looks at the deployment while scaling is suspended. */
export const POLL_SECONDS = 30;

/** Application Auto Scaling's SuspendedState: every kind of scaling suspended, or every kind resumed. */
export interface SuspendedState {
  readonly DynamicScalingInSuspended: boolean;
  readonly DynamicScalingOutSuspended: boolean;
  readonly ScheduledScalingSuspended: boolean;
}

export function suspendedState(suspended: boolean): SuspendedState {
  return {
    DynamicScalingInSuspended: suspended,
    DynamicScalingOutSuspended: suspended,
    ScheduledScalingSuspended: suspended,
  };
}

/** Application Auto Scaling's resource id of an ECS service's desired count. */
export function ecsServiceResourceId(clusterName: string, serviceName: string): string {
  return `service/${clusterName}/${serviceName}`;
}

/**
 * A MODEL of the recovery time objective of a rebuild in the DR region: from the decision to rebuild
 * to the service answering on the restored data. Every step is an assumption to replace with the
 * times of a real drill; the structure (steps in sequence, the slowest resource of the stack on the
 * critical path) is what the model claims.
 */
export interface RtoStep {
  readonly label: string;
  readonly minutes: number;
}

export interface RtoInput {
  /** Allocated storage of the database, GiB. Restores are lazily loaded, so size matters little. */
  readonly databaseGiB: number;
  /** Whether the DR region's account is bootstrapped for the pipeline already (documented prerequisite). */
  readonly bootstrapped: boolean;
}

/** Assumed minutes of each step; named so the README and the tests quote the same numbers. */
export const RTO_ASSUMPTIONS = {
  /** Find the newest copied recovery point, edit the config, review and push. */
  decideAndConfigure: 30,
  /** `cdk bootstrap` of the DR region when it has not been done before the incident. */
  bootstrap: 15,
  /** Pipeline up to the environment stage: source, self-mutation, tests, image build and scan. */
  pipelineToStage: 30,
  /** VPC, load balancer, cluster and service without the database. Runs beside the restore. */
  networkAndService: 20,
  /** RDS/Aurora restore from a snapshot until the instance is available, independent of size. */
  restoreBase: 30,
  /** Extra restore minutes per 100 GiB (volume creation; the data itself loads lazily afterwards). */
  restorePer100GiB: 5,
  /** ECS service stable and the blue/green deployment through its hooks, after the database is up. */
  serviceStable: 15,
} as const;

export interface RtoModel {
  readonly minutes: number;
  readonly steps: readonly RtoStep[];
}

export function rtoModel(input: RtoInput): RtoModel {
  const a = RTO_ASSUMPTIONS;
  const restore = a.restoreBase + Math.ceil(Math.max(0, input.databaseGiB) / 100) * a.restorePer100GiB;
  const steps: RtoStep[] = [
    { label: 'decide, find the newest copy, change the config and push', minutes: a.decideAndConfigure },
    ...(input.bootstrapped ? [] : [{ label: 'bootstrap the DR region', minutes: a.bootstrap }]),
    { label: 'pipeline up to the environment stage', minutes: a.pipelineToStage },
    // The stack creates the network and the database in parallel; the slower of the two is on the path.
    {
      label: `stack creation: max(network and service ${a.networkAndService}m, database restore ${restore}m)`,
      minutes: Math.max(a.networkAndService, restore),
    },
    { label: 'service stable on the restored database', minutes: a.serviceStable },
  ];
  return { minutes: steps.reduce((total, step) => total + step.minutes, 0), steps };
}

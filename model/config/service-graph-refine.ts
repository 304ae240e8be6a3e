import type { z } from 'zod';
import type { environmentSchema } from './schema';
import type { applicationServiceSchema } from './service-schema';

type ServiceInput = z.output<typeof applicationServiceSchema>;
type EnvironmentInput = z.output<typeof environmentSchema>;
type Issue = (path: (string | number)[], message: string, input?: unknown) => void;

/**
 * Rules over the services as a whole and over each service's containers, which a single field's schema cannot
 * see: every one of them would otherwise stop synth with a stack trace, or a pipeline run halfway.
 */
export function refineServiceGraph(
  services: readonly ServiceInput[],
  environments: readonly EnvironmentInput[],
  issue: Issue,
): void {
  if (services.length > 0 && !services.some((service) => service.kind === 'web')) {
    issue(
      ['services'],
      'needs at least one web service (kind: web): the pipeline deploys blue/green behind a load balancer, and ' +
        'the approval and smoke checks use its URL',
    );
  }
  const cycle = usesCycle(services);
  if (cycle) {
    issue(
      ['services', services.findIndex((s) => s.name === cycle[0]), 'uses'],
      `makes a cycle: ${cycle.join(' -> ')}; a service receives the address of those it uses, so one of them must not use the other`,
    );
  }
  services.forEach((service, i) => {
    const containers = [service.containerName, ...service.sidecars.map((sidecar) => sidecar.name)];
    service.sidecars.forEach((sidecar, j) =>
      sidecar.dependsOn.forEach((dependency, k) => {
        if (!containers.includes(dependency.container) || dependency.container === sidecar.name) {
          issue(
            ['services', i, 'sidecars', j, 'dependsOn', k, 'container'],
            `names no other container of the task (containers: ${containers.filter((c) => c !== sidecar.name).join(', ')})`,
            dependency.container,
          );
        }
      }),
    );
    const release = service.kind === 'web' ? service.release : undefined;
    if (release?.container !== undefined && !containers.includes(release.container)) {
      issue(
        ['services', i, 'release', 'container'],
        `names no container of the task (containers: ${containers.join(', ')})`,
        release.container,
      );
    }
  });
  environments.forEach((environment, e) => {
    for (const [name, override] of Object.entries(environment.services)) {
      const minTasks = override.scaling?.minTasks ?? environment.scaling.minTasks;
      const maxTasks = override.scaling?.maxTasks ?? environment.scaling.maxTasks;
      if (maxTasks < minTasks) {
        issue(
          ['environments', e, 'services', name, 'scaling', 'maxTasks'],
          `is ${maxTasks}, below minTasks ${minTasks} (this override and the environment's scaling combined); ` +
            'set maxTasks at least minTasks',
          maxTasks,
        );
      }
    }
  });
}

/** The first cycle of `uses` between services, as the names along it, or undefined. */
export function usesCycle(services: readonly Pick<ServiceInput, 'name' | 'uses'>[]): string[] | undefined {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return undefined;
    const service = byName.get(name);
    if (!service) return undefined;
    for (const used of service.uses) {
      const cycle = visit(used, [...path, name]);
      if (cycle) return cycle;
    }
    done.add(name);
    return undefined;
  };
  for (const service of services) {
    const cycle = visit(service.name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

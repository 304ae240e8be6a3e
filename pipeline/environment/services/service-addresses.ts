import type { ServiceConfig } from '../../../model/config';

/** The services in an order where every service comes after the services it uses; refuses a cycle. */
export function usedFirst(services: readonly ServiceConfig[]): ServiceConfig[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: ServiceConfig[] = [];
  const visiting = new Set<string>();
  const visit = (service: ServiceConfig, path: string[]) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) {
      throw new Error(`services use each other in a cycle: ${[...path, service.name].join(' -> ')}`);
    }
    visiting.add(service.name);
    for (const used of service.uses) {
      const target = byName.get(used);
      if (target) visit(target, [...path, service.name]);
    }
    visiting.delete(service.name);
    ordered.push(service);
  };
  for (const service of services) visit(service, []);
  return ordered;
}

/** The variable a service receives another service's address in: `api` → `API_URL`. */
export function addressVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_URL`;
}

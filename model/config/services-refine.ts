import type { z } from 'zod';
import type { environmentSchema } from './environment-schema';
import { jobSchema, refineJobs } from './job-schema';
import { refineServiceGraph } from './service-graph-refine';
import type { applicationServiceSchema, legacyServiceSchema } from './service-schema';
import { bucketSchema, refineStorage } from './storage-schema';
import { containerIndexOf } from './task-definition-overrides';

/**
 * The rules over the `service:` or `services:` list as a whole: names, Fargate sizes, what `uses` names, and the
 * per-environment service settings. schema.ts calls them from its refinement.
 */

/** What the refinement sees: the parsed configuration before the services are normalized. */
interface RawConfig {
  readonly application: string;
  readonly service?: z.output<typeof legacyServiceSchema>;
  readonly services?: z.output<typeof applicationServiceSchema>[];
  readonly environments: z.output<typeof environmentSchema>[];
  readonly database?: unknown;
  readonly cache?: unknown;
  readonly integrationTests?: { readonly service?: string };
  readonly buckets?: z.output<typeof bucketSchema>[];
  readonly jobs?: z.output<typeof jobSchema>[];
}

/** What `uses` may name besides services. */
const DATA_TIER = ['database', 'cache'];

/** Refuses service combinations no deployment could carry, naming the field. */
export function refineServices(config: RawConfig, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string, input?: unknown) =>
    ctx.addIssue({ code: 'custom', path, input, message });
  if (config.service && config.services) {
    issue(['services'], 'use either service (one web service) or services, not both');
    return;
  }
  if (!config.service && !config.services) {
    issue(['services'], 'is required (or the single service form, service)');
    return;
  }
  const listed = config.service
    ? [{ path: ['service'], service: { ...config.service, kind: 'web' as const, name: 'service', uses: [] } }]
    : (config.services ?? []).map((service, i) => ({ path: ['services', i], service }));
  const names = listed.map(({ service }) => service.name);
  const kinds = new Map(listed.map(({ service }) => [service.name, service.kind]));
  const buckets = (config.buckets ?? []).map((bucket) => bucket.name);
  listed.forEach(({ path, service }, index) => {
    if (names.indexOf(service.name) !== index) {
      issue([...path, 'name'], 'is used by two services; service names must be unique', service.name);
    }
    const fargateMemory = FARGATE_MEMORY[service.cpu];
    if (fargateMemory && !fargateMemory(service.memory)) {
      issue(
        [...path, 'memory'],
        `is not valid with cpu ${service.cpu} on Fargate (allowed: ${FARGATE_MEMORY_TEXT[service.cpu]})`,
        service.memory,
      );
    }
    if (
      service.kind === 'web' &&
      'loadBalancer' in service &&
      service.loadBalancer === 'alb' &&
      !service.healthCheckPath
    ) {
      issue([...path, 'healthCheckPath'], 'is required for a web service behind an ALB (its target groups check it)');
    }
    const containers = 1 + ('sidecars' in service ? service.sidecars.length : 0);
    service.taskDefinitionOverrides.forEach((override, o) => {
      const container = containerIndexOf(override.path);
      if (container !== undefined && container >= containers) {
        issue(
          [...path, 'taskDefinitionOverrides', o, 'path'],
          `names container ${container}, but the task has ${containers} (0 is the app container, then the sidecars in order)`,
          override.path,
        );
      }
    });
    if (DATA_TIER.includes(service.name)) {
      issue([...path, 'name'], `is reserved: 'uses: [${service.name}]' names the data tier`, service.name);
    }
    service.uses.forEach((used, u) => {
      const kind = kinds.get(used);
      if (buckets.includes(used)) return;
      if (DATA_TIER.includes(used)) {
        if (config[used as 'database' | 'cache'] === undefined) {
          issue([...path, 'uses', u], `names the ${used}, but the configuration has no ${used}: section`, used);
        }
      } else if (used === service.name) issue([...path, 'uses', u], 'names the service itself', used);
      else if (!kind) issue([...path, 'uses', u], `names no service or bucket (services: ${names.join(', ')})`, used);
      else if (kind === 'worker') issue([...path, 'uses', u], 'names a worker, which has no address', used);
    });
    if (!config.service) {
      for (const environment of config.environments ?? []) {
        const longest = `${config.application}-${environment.name}-${service.name}`;
        if (longest.length > 43) {
          issue(
            [...path, 'name'],
            `makes '${longest}' longer than 43 characters, too long for the hook function CodeDeployHook_<…>-smoke (64)`,
            service.name,
          );
        }
      }
    }
  });
  refineServiceGraph(config.services ?? [], config.environments ?? [], issue);
  refineStorage(config.services ?? [], config.buckets ?? [], DATA_TIER, issue);
  refineJobs(
    config.jobs ?? [],
    listed.map(({ service }) => ({ sidecars: [], ...service })),
    issue,
  );
  const suiteTarget = config.integrationTests?.service;
  if (suiteTarget !== undefined && kinds.get(suiteTarget) !== 'web') {
    issue(
      ['integrationTests', 'service'],
      `names no web service (web services: ${listed
        .filter((l) => l.service.kind === 'web')
        .map((l) => l.service.name)
        .join(', ')})`,
      suiteTarget,
    );
  }
  (config.environments ?? []).forEach((environment, e) => {
    for (const [name, override] of Object.entries(environment.services ?? {})) {
      const kind = kinds.get(name);
      if (!kind) {
        issue(['environments', e, 'services', name], `names no service (services: ${names.join(', ')})`);
        continue;
      }
      const listedService = listed.find((l) => l.service.name === name)!.service;
      const onAlb = kind === 'web' && (!('loadBalancer' in listedService) || listedService.loadBalancer === 'alb');
      if (override.scaling?.requestsPerTarget !== undefined && !onAlb) {
        issue(
          ['environments', e, 'services', name, 'scaling', 'requestsPerTarget'],
          'is an ALB metric; this service is ' + (kind === 'worker' ? 'a worker' : 'behind an NLB'),
          override.scaling.requestsPerTarget,
        );
      }
    }
  });
}

const range = (lo: number, hi: number, step: number) => (m: number) => m >= lo && m <= hi && (m - lo) % step === 0;

const FARGATE_MEMORY: Record<number, (m: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

const FARGATE_MEMORY_TEXT: Record<number, string> = {
  256: '512, 1024, 2048',
  512: '1024-4096 in steps of 1024',
  1024: '2048-8192 in steps of 1024',
  2048: '4096-16384 in steps of 1024',
  4096: '8192-30720 in steps of 1024',
  8192: '16384-61440 in steps of 4096',
  16384: '32768-122880 in steps of 8192',
};

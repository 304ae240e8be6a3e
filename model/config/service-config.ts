import type { z } from 'zod';
import type {
  applicationServiceSchema,
  LegacyServiceInput,
  WebServiceInput,
  WorkerServiceInput,
} from './service-schema';

/** The services as the rest of the app sees them: both configuration forms normalized to one shape. */

/** A service as the rest of the app sees it, whichever form the configuration used. */
export type WebService = Omit<
  WebServiceInput,
  'minHealthyPercent' | 'maxHealthyPercent' | 'singleton' | 'buildContext' | 'dockerfile'
> & {
  /** Where the image is built from; for a service with imageFrom, the named service's. */
  readonly buildContext: string;
  readonly dockerfile: string;
  /** True for the single `service:` form: its resources keep their names without the service's name. */
  readonly legacyNames: boolean;
};
export type WorkerService = Omit<
  WorkerServiceInput,
  | 'loadBalancer'
  | 'port'
  | 'healthCheckPath'
  | 'public'
  | 'checks'
  | 'desiredCount'
  | 'minHealthyPercent'
  | 'maxHealthyPercent'
  | 'buildContext'
  | 'dockerfile'
> & {
  readonly desiredCount: number;
  readonly dockerfile: string;
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
  readonly buildContext: string;
  readonly legacyNames: false;
};
export type ServiceConfig = WebService | WorkerService;

/** The name the single `service:` form gets (its image repository has always been `<application>/service`). */
export const LEGACY_SERVICE_NAME = 'service';

export function fromLegacyService(service: LegacyServiceInput): WebService {
  return {
    ...service,
    name: LEGACY_SERVICE_NAME,
    kind: 'web',
    loadBalancer: 'alb',
    public: true,
    sidecars: [],
    uses: [],
    writablePaths: [],
    legacyNames: true,
  };
}

/**
 * A listed service as the rest of the app sees it. `services` are all listed services: a service with imageFrom
 * builds nothing itself, so it carries the build of the service it names (validation checked that one exists).
 */
export function fromServiceInput(
  service: z.output<typeof applicationServiceSchema>,
  services: readonly z.output<typeof applicationServiceSchema>[],
): ServiceConfig {
  const builder = service.imageFrom ? services.find((s) => s.name === service.imageFrom) : service;
  const build = { dockerfile: builder?.dockerfile ?? 'Dockerfile', buildContext: builder?.buildContext ?? '.' };
  if (service.kind === 'web') {
    const { minHealthyPercent, maxHealthyPercent, singleton, ...web } = service;
    return { ...web, ...build, legacyNames: false };
  }
  const {
    loadBalancer: _lb,
    port: _port,
    healthCheckPath: _path,
    public: _public,
    checks: _checks,
    ...worker
  } = service;
  const one = worker.singleton;
  return {
    ...worker,
    ...build,
    desiredCount: one ? 1 : (worker.desiredCount ?? 2),
    minHealthyPercent: one ? 0 : (worker.minHealthyPercent ?? 100),
    maxHealthyPercent: one ? 100 : (worker.maxHealthyPercent ?? 200),
    legacyNames: false,
  };
}

export function isWebService(service: ServiceConfig): service is WebService {
  return service.kind === 'web';
}

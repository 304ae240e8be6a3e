import type { ServiceConfig } from './schema';

/**
 * The services that build an image: every service but those that run another's (`imageFrom`). One build, one
 * scan and one repository each; the pipeline, the plan and the critical-path model all count images by them.
 */
export function imageBuilders<T extends Pick<ServiceConfig, 'imageFrom'>>(services: readonly T[]): T[] {
  return services.filter((service) => service.imageFrom === undefined);
}

import type { z } from 'zod';

/**
 * One host name per environment serves the public web services: `domainName` (with `certificateArn`) or
 * `domain.serviceName`. Every public web service then answers, is smoke-checked and is handed to the others
 * (`<NAME>_URL`) as `https://<that name>`, and the alias record points at one load balancer only; a second
 * public web service would be checked and called at the first one's address. So at most one web service may be
 * public where an environment has a host name.
 */

interface ServiceFields {
  readonly name: string;
  readonly kind: 'web' | 'worker';
  readonly public?: unknown;
}

interface EnvironmentFields {
  readonly certificateArn?: string;
  readonly domainName?: string;
  readonly domain?: { readonly serviceName?: string };
}

/** Refuses a host name shared by several public web services, naming the field. */
export function refineSharedPublicUrl(
  services: readonly ServiceFields[],
  environments: readonly EnvironmentFields[],
  ctx: z.RefinementCtx,
): void {
  const publicServices = services.filter((s) => s.kind === 'web' && s.public !== false).map((s) => s.name);
  if (publicServices.length < 2) return;
  environments.forEach((environment, e) => {
    const fromDomain = environment.domain?.serviceName;
    const host = fromDomain ?? (environment.certificateArn ? environment.domainName : undefined);
    if (host === undefined) return;
    ctx.addIssue({
      code: 'custom',
      path: ['environments', e, ...(fromDomain !== undefined ? ['domain', 'serviceName'] : ['domainName'])],
      input: host,
      message:
        `is the one host name of ${publicServices.length} public web services (${publicServices.join(', ')}), which ` +
        `would all be checked and called as https://${host}: make all but one public: false (internal, reached by ` +
        'the others through <NAME>_URL), route a path of the host to a worker from an entry point (README: ' +
        '"Several services on one host name"), or deploy them as separate applications',
    });
  });
}

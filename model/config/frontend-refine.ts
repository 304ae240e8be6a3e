import type { z } from 'zod';
import type { DomainConfig } from './domain-schema';
import type { FrontendConfig } from './frontend-schema';
import { LEGACY_SERVICE_NAME } from './service-schema';

/**
 * The rules that tie `frontend:` and `domain:` to the rest of the configuration. schema.ts and
 * environment-schema.ts call them from their refinements; the blocks' own rules stay in frontend-schema.ts
 * and domain-schema.ts.
 */

/** What the environment refinement reads. */
interface EnvironmentFields {
  readonly certificateArn?: string;
  readonly domainName?: string;
  readonly domain?: DomainConfig;
}

/**
 * A `domain:` block replaces `certificateArn` + `domainName`: `domain.serviceName` is the web service's host name
 * and `domain.certificateArn` (or a DNS-validated certificate) its certificate. Both forms at once are refused.
 */
export function refineDomain(environment: EnvironmentFields, ctx: z.RefinementCtx): void {
  if (!environment.domain) return;
  if (environment.certificateArn !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['certificateArn'],
      input: environment.certificateArn,
      message:
        'cannot be combined with domain: give the certificate as domain.certificateArn, or leave it out for a ' +
        'DNS-validated one',
    });
  }
  if (environment.domainName !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['domainName'],
      input: environment.domainName,
      message: "cannot be combined with domain: domain.serviceName is the web service's host name",
    });
  }
}

/** What the frontend refinement reads: the services in either form, before they are normalized. */
interface FrontendFields {
  readonly frontend?: FrontendConfig;
  readonly service?: object;
  readonly services?: readonly { readonly name: string; readonly kind: string; readonly public?: boolean }[];
  readonly environments?: readonly EnvironmentFields[];
}

/**
 * A frontend routes its API path to a public web service: one must exist, and `apiService` must name it. Without
 * a frontend, a domain's serviceName goes to the first web service, which must be public for its certificate.
 */
export function refineFrontend(config: FrontendFields, ctx: z.RefinementCtx): void {
  const { frontend } = config;
  const web = config.service
    ? [{ name: LEGACY_SERVICE_NAME, public: true }]
    : (config.services ?? []).filter((s) => s.kind === 'web').map((s) => ({ name: s.name, public: s.public ?? true }));
  if (!frontend) {
    (config.environments ?? []).forEach((environment, e) => {
      if (environment.domain && web[0] && !web[0].public) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', e, 'domain', 'serviceName'],
          input: environment.domain.serviceName,
          message: `names the first web service, ${web[0].name}, which is internal: its load balancer gets no certificate; make it public`,
        });
      }
    });
    return;
  }
  const issue = (path: string[], message: string, input?: unknown) =>
    ctx.addIssue({ code: 'custom', path, input, message });
  if (web.length === 0) {
    issue(
      ['frontend'],
      `needs a web service to route ${frontend.apiPathPattern} to; the services have none of kind web`,
    );
    return;
  }
  const chosen = apiServiceName(frontend, web);
  const found = web.find((s) => s.name === chosen);
  if (!found) {
    issue(
      ['frontend', 'apiService'],
      `names no web service (web services: ${web.map((s) => s.name).join(', ')})`,
      frontend.apiService,
    );
  } else if (!found.public) {
    issue(
      ['frontend', 'apiService'],
      `${frontend.apiService === undefined ? `defaults to the first web service, ${chosen}, which` : 'names a web service that'} ` +
        'is internal: CloudFront reaches the API over the internet, so name a public web service',
      frontend.apiService,
    );
  }
}

/** The web service the frontend's API path goes to: `apiService`, or the first web service. */
export function apiServiceName(frontend: FrontendConfig, webServices: readonly { readonly name: string }[]): string {
  const chosen = frontend.apiService ?? webServices[0]?.name;
  if (chosen === undefined) throw new Error('a frontend needs a web service');
  return chosen;
}

import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { PipelineConfig } from '../../../model/config';
import { apiServiceName } from '../../../model/config/frontend-refine';
import type { EnvironmentNames } from '../../../model/naming';
import type { ServiceDomain } from '../domain/service-domain';
import { loadBalancerOf } from '../load-balancing/load-balancer-of';
import type { WebServiceResources } from '../services/web-service';
import { EnvironmentFrontend } from './environment-frontend';

export interface FrontendWiringProps {
  readonly config: PipelineConfig;
  readonly names: EnvironmentNames;
  /** The account of the pipeline that deploys this environment, whose PublishFrontend step the publisher trusts. */
  readonly pipelineAccount: string;
  /** The environment's web services, in the configured order. */
  readonly webServices: readonly WebServiceResources[];
  /** The environment's domain: the web services' HTTPS names and the frontend's. @default - no domain */
  readonly domain?: ServiceDomain;
  /** The frontend's us-east-1 certificate from the stage's CertificateStack, when it made one. @default - none made */
  readonly frontendCertificate?: acm.ICertificate;
}

/**
 * What `frontend:` and `domain:` add to an environment's stack once its web services exist: the alias record of
 * `domain.serviceName` on the web service the frontend calls (or the first web service), and the frontend itself.
 * Returns the frontend, or undefined when the configuration has none.
 */
export function wireFrontendAndDomain(scope: Construct, props: FrontendWiringProps): EnvironmentFrontend | undefined {
  const { config, domain } = props;
  const webNames = config.services.filter((s) => s.kind === 'web').map((s) => s.name);
  const byName = new Map(props.webServices.map((web) => [web.serviceName, web]));
  const primaryName = config.frontend
    ? apiServiceName(
        config.frontend,
        webNames.map((name) => ({ name })),
      )
    : webNames[0];
  const primary = byName.get(primaryName);
  if (!primary) throw new Error(`no web service '${primaryName}' (web services: ${webNames.join(', ')})`);
  domain?.aliasService(loadBalancerOf(primary.traffic));
  if (!config.frontend) return undefined;
  return new EnvironmentFrontend(scope, 'Frontend', {
    names: props.names,
    frontend: config.frontend,
    api: primary,
    domain,
    certificate: props.frontendCertificate,
    pipelineAccount: props.pipelineAccount,
    pipelineRegion: config.pipeline.region,
  });
}

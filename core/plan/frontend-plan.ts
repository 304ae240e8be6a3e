import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { apiServiceName } from '../../model/config/frontend-refine';

/** The plan's line about the frontend build, or none when the configuration has no frontend. */
export function describeFrontendBuild(config: PipelineConfig): string[] {
  const { frontend } = config;
  if (!frontend) return [];
  return [
    `Frontend: built once per commit in the Image stage (BuildFrontend, unprivileged): '${frontend.buildCommand}' in ` +
      `${frontend.buildContext}, output ${frontend.buildContext}/${frontend.outputDirectory}; the same build is ` +
      'published to every environment',
  ];
}

/** An environment's domain and frontend lines: names, certificates, and when the frontend is published. */
export function describeEnvironmentFrontend(config: PipelineConfig, environment: EnvironmentConfig): string[] {
  const { domain } = environment;
  const lines: string[] = [];
  if (domain) {
    lines.push(
      `    domain: ${domain.serviceName} (zone ${domain.zoneName}) on HTTPS with ` +
        `${domain.certificateArn ? 'the given certificate' : 'a DNS-validated certificate'}, alias record to its load balancer`,
    );
  }
  const { frontend } = config;
  if (frontend) {
    const web = config.services.filter((s) => s.kind === 'web');
    const api = apiServiceName(frontend, web);
    const site = domain?.frontendName
      ? `https://${domain.frontendName} (certificate in us-east-1: ${frontendCertificate(environment)})`
      : 'its cloudfront.net name';
    const https = Boolean(domain) || Boolean(environment.certificateArn);
    lines.push(
      `    frontend: ${site}; ${frontend.apiPathPattern} -> service ${api} (${https ? 'HTTPS' : 'HTTP, no certificate'}); ` +
        `PublishFrontend after every blue/green deployment of ${environment.name}`,
    );
  }
  return lines;
}

function frontendCertificate(environment: EnvironmentConfig): string {
  if (environment.domain?.frontendCertificateArn) return 'given';
  return environment.region === 'us-east-1' ? 'DNS-validated' : 'DNS-validated, stack of its own';
}

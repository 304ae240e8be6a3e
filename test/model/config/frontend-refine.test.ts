import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ConfigError, parseConfig, type PipelineConfig } from '../../../model/config';
import { REPO_ROOT } from '../../support/configs';

// GIVEN the frontend fixture (an API, a worker, a frontend, a domain per environment), changed per case.
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'frontend-app.yaml');
type Raw = Record<string, unknown> & {
  frontend?: Record<string, unknown>;
  services: Record<string, unknown>[];
  environments: Record<string, unknown>[];
};
const fixture = (): Raw => parse(readFileSync(FIXTURE, 'utf8')) as Raw;
const parsed = (raw: unknown): PipelineConfig => parseConfig(stringify(raw), 'test config');

function problemsOf(change: (raw: Raw) => void): readonly string[] {
  const raw = fixture();
  change(raw);
  try {
    parsed(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('the fixture parses: the frontend with its defaults, a domain per environment', () => {
  const config = parsed(fixture());
  expect(config.frontend).toMatchObject({
    buildContext: 'service/frontend',
    apiService: 'api',
    apiPathPattern: '/api/*',
    spaFallback: true,
    runtimeConfigFile: 'config.json',
  });
  expect(config.environments.map((e) => e.domain?.serviceName)).toEqual(['api.staging.example.com', 'api.example.com']);
});

test('apiService is optional: the first web service is used', () => {
  const config = parsed(Object.assign(fixture(), { frontend: { buildContext: 'service/frontend' } }));
  expect(config.frontend?.apiService).toBeUndefined();
});

test.each<[string, (raw: Raw) => void, string]>([
  [
    'a frontend without web services',
    (raw) => {
      raw.services = raw.services.filter((s) => s.kind === 'worker');
      (raw.services[0] as { uses: string[] }).uses = [];
    },
    'frontend: needs a web service to route /api/* to; the services have none of kind web',
  ],
  [
    'apiService naming a worker',
    (raw) => (raw.frontend!.apiService = 'worker'),
    'frontend.apiService: names no web service (web services: api) (got "worker")',
  ],
  [
    'apiService naming an internal web service',
    (raw) => (raw.services[0].public = false),
    'frontend.apiService: names a web service that is internal: CloudFront reaches the API over the internet, so ' +
      'name a public web service (got "api")',
  ],
  [
    'a default apiService that is internal',
    (raw) => {
      raw.services[0].public = false;
      delete raw.frontend!.apiService;
    },
    'frontend.apiService: defaults to the first web service, api, which is internal: CloudFront reaches the API over ' +
      'the internet, so name a public web service',
  ],
  [
    'domain together with certificateArn',
    (raw) =>
      (raw.environments[1].certificateArn =
        'arn:aws:acm:eu-west-1:333333333333:certificate/11111111-2222-3333-4444-555555555555'),
    'environments[1].certificateArn: cannot be combined with domain: give the certificate as domain.certificateArn, ' +
      'or leave it out for a DNS-validated one (got "arn:aws:acm:',
  ],
  [
    'domain together with domainName',
    (raw) => (raw.environments[1].domainName = 'shop.example.com'),
    'environments[1].domainName: cannot be combined with domain: domain.serviceName is the web service\'s host name (got "shop.example.com")',
  ],
  [
    'a domain without a frontend on an internal first web service',
    (raw) => {
      delete raw.frontend;
      raw.services[0].public = false;
    },
    'environments[0].domain.serviceName: names the first web service, api, which is internal: its load balancer ' +
      'gets no certificate; make it public',
  ],
])('refuses %s, naming the field', (_, change, problem) => {
  // Long values are shortened in the message: compare the start.
  expect(problemsOf(change).filter((p) => p.startsWith(problem))).toHaveLength(1);
});

test('approval needs HTTPS: a domain gives it, as certificateArn does', () => {
  expect(
    problemsOf((raw) => {
      delete raw.environments[1].domain;
    }),
  ).toEqual([
    'environments[1].certificateArn: is required where approval is true (or a domain block): a production listener ' +
      'people approve for must serve HTTPS',
  ]);
});

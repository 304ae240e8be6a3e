import { serviceGates, type WebService } from '../../../model/config';
import { fixtureConfig } from '../../support/configs';

// GIVEN the three-service fixture's web services, each given its own health check path.
const base = fixtureConfig('three-services');
const webs = base.services.filter((s): s is WebService => s.kind === 'web');
const withPaths = webs.map((service, i) => ({ ...service, checks: undefined, healthCheckPath: `/health-${i}` }));

describe('serviceGates(...).checks', () => {
  test("without shared or own checks, each web service checks its own load balancer's health path once", () => {
    const config = { ...base, checks: undefined, services: withPaths };
    expect(withPaths.map((service) => serviceGates(config, service).checks.map((c) => [c.method, c.path]))).toEqual(
      withPaths.map((_, i) => [['GET', `/health-${i}`]]),
    );
  });

  test("the shared checks come before the health path, and a service's own checks before both", () => {
    const shared = [{ path: '/ready', method: 'GET' as const, timeoutMs: 5000, attempts: 3, backoffMs: 1000 }];
    const own = [{ ...shared[0], path: '/own' }];
    const config = { ...base, checks: shared, services: withPaths };
    expect(serviceGates(config, withPaths[0]).checks).toEqual(shared);
    expect(serviceGates(config, { ...withPaths[0], checks: own }).checks).toEqual(own);
  });
});

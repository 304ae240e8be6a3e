import type { ServiceConfig } from '../../../../model/config';
import { addressVariable, usedFirst } from '../../../../pipeline/environment/services/service-addresses';

// usedFirst reads only a service's name and what it uses; the rest of a service's configuration does not matter here.
const service = (name: string, uses: string[] = []) => ({ name, uses }) as unknown as ServiceConfig;
const names = (services: ServiceConfig[]) => services.map((s) => s.name);

describe('usedFirst', () => {
  it('puts every service after the services it uses, keeping the configured order otherwise', () => {
    const ordered = usedFirst([service('web', ['api']), service('api', ['auth']), service('auth'), service('jobs')]);
    expect(names(ordered)).toEqual(['auth', 'api', 'web', 'jobs']);
  });

  it('lists a service used by several only once', () => {
    const ordered = usedFirst([service('a', ['shared']), service('b', ['shared']), service('shared')]);
    expect(names(ordered)).toEqual(['shared', 'a', 'b']);
  });

  it('ignores a used name that is not a service', () => {
    expect(names(usedFirst([service('web', ['database'])]))).toEqual(['web']);
  });

  it('refuses services that use each other in a cycle, naming the cycle', () => {
    expect(() => usedFirst([service('a', ['b']), service('b', ['a'])])).toThrow(
      'services use each other in a cycle: a -> b -> a',
    );
  });
});

describe('addressVariable', () => {
  it('upper-cases the service name, turns hyphens into underscores and adds _URL', () => {
    expect(addressVariable('api')).toBe('API_URL');
    expect(addressVariable('order-api')).toBe('ORDER_API_URL');
  });
});

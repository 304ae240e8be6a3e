import { readSettings } from '../../../service/src/settings';

describe('readSettings', () => {
  test('defaults: port 8080 on every interface, service "sample", version "dev"', () => {
    expect(readSettings({})).toEqual({ port: 8080, host: '0.0.0.0', info: { service: 'sample', version: 'dev' } });
  });

  test('reads PORT, HOST, SERVICE_NAME and APP_VERSION', () => {
    const env = { PORT: '9000', HOST: '127.0.0.1', SERVICE_NAME: 'shop', APP_VERSION: '3f2c1e9' };

    expect(readSettings(env)).toEqual({ port: 9000, host: '127.0.0.1', info: { service: 'shop', version: '3f2c1e9' } });
  });

  test('treats empty variables as unset', () => {
    expect(readSettings({ PORT: '', SERVICE_NAME: ' ', APP_VERSION: '' })).toEqual(readSettings({}));
  });

  test('accepts PORT 0 (any free port)', () => {
    expect(readSettings({ PORT: '0' }).port).toBe(0);
  });

  test.each(['http', '80.5', '-1', '65536', '8080 '])('refuses PORT %j', (port) => {
    expect(() => readSettings({ PORT: port })).toThrow(`PORT must be a whole number from 0 to 65535, got '${port}'`);
  });
});

import { resolveConfigPath } from '../../../model/config/config-path';

describe('resolveConfigPath', () => {
  test('no file, or an empty name: pipeline.config.yaml in the working directory', () => {
    expect(resolveConfigPath(undefined, '/app')).toBe('/app/pipeline.config.yaml');
    expect(resolveConfigPath('', '/app')).toBe('/app/pipeline.config.yaml');
  });

  test('a relative name is taken from the working directory, an absolute one as it is', () => {
    expect(resolveConfigPath('examples/redmine.yaml', '/app')).toBe('/app/examples/redmine.yaml');
    expect(resolveConfigPath('../other/pipeline.yaml', '/app/sub')).toBe('/app/other/pipeline.yaml');
    expect(resolveConfigPath('/etc/pipeline.yaml', '/app')).toBe('/etc/pipeline.yaml');
  });
});

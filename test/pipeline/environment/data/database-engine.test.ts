import { DATABASE_ENGINES, SUPPORTED_VERSIONS, isAurora } from '../../../../model/config/database-engines';
import { clusterEngine, instanceEngine, logExports } from '../../../../pipeline/environment/data/database-engine';

const pairs = DATABASE_ENGINES.flatMap((engine) =>
  SUPPORTED_VERSIONS[engine].map((version) => [engine, version] as const),
);

test.each(pairs)('%s %s: the config table and the CDK engine agree on the major version', (engine, version) => {
  const cdkEngine = isAurora(engine)
    ? clusterEngine(engine as 'aurora-postgresql' | 'aurora-mysql', version)
    : instanceEngine(engine as 'postgres' | 'mysql', version);
  expect(cdkEngine.engineType).toBe(engine);
  // Aurora MySQL 3 reports its MySQL-compatible major version (8.0).
  const expectedMajor = engine === 'aurora-mysql' ? '8.0' : version;
  expect(cdkEngine.engineVersion?.majorVersion).toBe(expectedMajor);
});

test('an unsupported version names the supported ones', () => {
  expect(() => instanceEngine('postgres', '13')).toThrow(
    "Database: postgres version '13' is not supported (supported: 14, 15, 16, 17)",
  );
});

test('log exports: every type the engine can export', () => {
  expect(logExports('postgres')).toEqual(['postgresql', 'upgrade']);
  expect(logExports('aurora-postgresql')).toEqual(['postgresql']);
  expect(logExports('mysql')).toEqual(['audit', 'error', 'general', 'slowquery']);
  expect(logExports('aurora-mysql')).toEqual(['audit', 'error', 'general', 'slowquery']);
});

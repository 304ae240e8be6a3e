import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TargetServer, hang, json, status } from '../../core/checks/support/target-server';
import { runCli, type Run } from '../../support/in-process-cli';

const SHIPPED_CONFIG = join(__dirname, '..', '..', '..', 'pipeline.config.yaml');

let work: string;
let target: TargetServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'check-command-'));
  target = await TargetServer.start({
    '/health': status(200, 'ok'),
    '/version': json({ service: 'sample', version: 'abc123' }),
    '/boom': status(500),
    '/hang': hang,
    '/wrong-service': json({ service: 'other' }),
  });
});

afterAll(async () => {
  await target.stop();
  rmSync(work, { recursive: true, force: true });
});

function bluegreen(args: string[], env: NodeJS.ProcessEnv = { PIPELINE_CONFIG: SHIPPED_CONFIG }): Promise<Run> {
  return runCli(['check', ...args], { cwd: work, env });
}

/** The shipped configuration with other checks, written to a file of its own. */
function configWithChecks(name: string, checks: unknown[]): string {
  const config = parse(readFileSync(SHIPPED_CONFIG, 'utf8')) as Record<string, unknown>;
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, stringify({ ...config, checks }));
  return file;
}

/** Table rows as cells split on runs of two or more spaces. */
function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => /^(CHECK|GET|HEAD|POST) /.test(line))
    .map((line) => line.split(/ {2,}/));
}

describe('bluegreen check', () => {
  test('runs the shipped checks against a healthy target and exits 0', async () => {
    const run = await bluegreen(['--url', target.url]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`checking ${target.url}/ (2 checks, budget 15000 ms)`);
    const table = rows(run.stdout);
    expect(table[0]).toEqual(['CHECK', 'ATTEMPTS', 'STATUS', 'LATENCY', 'RESULT']);
    expect(table.slice(1).map(([check, attempts, code, , result]) => [check, attempts, code, result])).toEqual([
      ['GET /health', '1/3', '200', 'pass'],
      ['GET /version', '1/3', '200', 'pass'],
    ]);
    expect(table[1][3]).toMatch(/^\d+ ms$/);
    expect(run.stdout).toContain('2 of 2 checks passed');
  });

  test('exits 1 and names the reason of each failed check', async () => {
    const config = configWithChecks('failing', [
      { path: '/health' },
      { path: '/boom', attempts: 2, backoffMs: 0 },
      { path: '/wrong-service', attempts: 1, jsonField: { path: 'service', equals: 'sample' } },
      { path: '/hang', attempts: 1, timeoutMs: 200 },
    ]);
    const run = await bluegreen(['--url', target.url, '--config', config]);

    expect(run.code).toBe(1);
    const table = rows(run.stdout).slice(1);
    expect(table.map(([check, attempts, code, , result]) => [check, attempts, code, result])).toEqual([
      ['GET /health', '1/3', '200', 'pass'],
      ['GET /boom', '2/2', '500', 'FAIL: status 500, expected 2xx'],
      ['GET /wrong-service', '1/1', '200', 'FAIL: JSON field service is "other", expected "sample"'],
      ['GET /hang', '1/1', '-', 'FAIL: no answer within 200 ms'],
    ]);
    expect(run.stdout).toContain('3 of 4 checks failed');
  });

  test('--path checks only the given paths and needs no configuration', async () => {
    const run = await bluegreen(['--url', target.url, '--path', '/health', '--path', '/version'], {});

    expect(run.code).toBe(0);
    expect(
      rows(run.stdout)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['GET /health', 'GET /version']);
  });

  test('--budget-ms bounds the whole run', async () => {
    const config = configWithChecks('hanging', [{ path: '/hang', timeoutMs: 10_000, attempts: 5 }]);
    const run = await bluegreen(['--url', target.url, '--config', config, '--budget-ms', '200']);

    expect(run.code).toBe(1);
    expect(rows(run.stdout)[1]).toEqual([
      'GET /hang',
      '1/5',
      '-',
      expect.stringMatching(/ ms$/),
      'FAIL: budget of 200 ms ran out',
    ]);
  });

  test('--environment must name a configured environment', async () => {
    expect(await bluegreen(['--url', target.url, '--environment', 'prod', '--path', '/health'])).toMatchObject({
      code: 0,
    });
    expect(await bluegreen(['--url', target.url, '--environment', 'qa'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "bluegreen check: unknown environment 'qa' (configured: staging, prod)\n",
    });
  });

  test("--service runs that web service's own checks, the ones its deployed hook gets (serviceGates)", async () => {
    const config = parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'three-services.yaml'), 'utf8')) as {
      services: Record<string, unknown>[];
    };
    config.services[1].checks = [{ path: '/version', jsonField: { path: 'service', equals: 'sample' } }];
    const file = join(work, 'api-checks.yaml');
    writeFileSync(file, stringify(config));
    const api = await bluegreen(['--url', target.url, '--service', 'api', '--config', file]);
    expect({
      code: api.code,
      paths: rows(api.stdout)
        .slice(1)
        .map((r) => r[0]),
    }).toEqual({
      code: 0,
      paths: ['GET /version'],
    });
    const web = await bluegreen(['--url', target.url, '--service', 'web', '--config', file]);
    expect(
      rows(web.stdout)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['GET /health']);
    expect(await bluegreen(['--url', target.url, '--service', 'worker', '--config', file])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'bluegreen check: --service worker is a worker: it has no listener to check (checks run on web services)\n',
    });
  });

  test.each([
    [[], 'bluegreen check: missing required option --url\n'],
    [['--url', 'localhost:8080'], 'bluegreen check: --url must use http or https (got "localhost:8080")\n'],
    [
      ['--url', 'http://127.0.0.1:1', '--path', 'health'],
      `bluegreen check: --path is not valid: [0].path: must be a URL path starting with '/' (got "health")\n`,
    ],
    [
      ['--url', 'http://127.0.0.1:1', '--budget-ms', '5'],
      'bluegreen check: --budget-ms must be a whole number from 100 to 900000 (got "5")\n',
    ],
  ])('usage error %j exits 2 without requests', async (args, stderr) => {
    const before = target.totalRequests;
    expect(await bluegreen(args)).toEqual({ code: 2, stdout: '', stderr });
    expect(target.totalRequests).toBe(before);
  });

  test('--help prints the options and exits 0', async () => {
    const run = await bluegreen(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: bluegreen check --url URL [--path PATH] [--environment NAME]');
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../model/config';
import { useInProcessCli } from '../../support/in-process-cli';

const cli = useInProcessCli('init');
const read = (file: string) => readFileSync(join(cli.work(), file), 'utf8');

describe('bluegreen init', () => {
  test('writes a configuration that validates, with the schema reference, says what it wrote and what to do next', async () => {
    const run = await cli.run(['init', '--application', 'shop', '--tools-account', '123456789012']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain("bluegreen init: set up 'shop'");
    expect(run.stdout).toMatch(/pipeline\.config\.yaml\s+created/);
    expect(run.stdout).toContain('npm run cdk -- deploy shop-pipeline');
    // What the first run needs before that deploy: bootstrapped accounts, published guardrails, the release stack.
    expect(run.stdout).toContain('npm run cdk -- bootstrap');
    expect(run.stdout).toContain('npx bluegreen guardrails publish --file F');
    expect(run.stdout).toContain('the platform team also deploys shop-release first');
    const text = read('pipeline.config.yaml');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./node_modules/ecs-bluegreen-pipeline/pipeline.config.schema.json',
    );
    expect(parseConfig(text, 'pipeline.config.yaml').pipeline.account).toBe('123456789012');
  });

  test('from an example, writes that example behind the schema reference', async () => {
    const run = await cli.run(['init', '--example', 'vikunja']);
    expect(run.code).toBe(0);
    expect(parseConfig(read('pipeline.config.yaml'), 'x').application).toBe('vikunja');
  });

  test('refuses an unknown example, naming the ones there are, and writes nothing', async () => {
    const run = await cli.run(['init', '--example', 'wordpress']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^bluegreen init: --example wordpress: no such example \(allowed: .*redmine.*vikunja/);
    expect(existsSync(join(cli.work(), 'pipeline.config.yaml'))).toBe(false);
  });

  test('refuses a flag value the configuration would not accept, naming the field, and writes nothing', async () => {
    const run = await cli.run(['init', '--tools-account', '12345']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pipeline.account: must be a 12-digit AWS account id');
    expect(existsSync(join(cli.work(), 'cdk.json'))).toBe(false);
  });

  test('leaves an existing different cdk.json and everything else alone without --force, and exits 1', async () => {
    writeFileSync(join(cli.work(), 'cdk.json'), '{"app":"python3 app.py"}');
    const run = await cli.run(['init']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen init: wrote nothing; 1 file(s) would be overwritten:\n  - cdk.json exists and differs (--force overwrites it)\n',
    );
    expect(read('cdk.json')).toBe('{"app":"python3 app.py"}');
    expect(existsSync(join(cli.work(), 'pipeline.config.yaml'))).toBe(false);
  });

  test('with --force, overwrites it', async () => {
    writeFileSync(join(cli.work(), 'cdk.json'), '{"app":"python3 app.py"}');
    expect((await cli.run(['init', '--force'])).code).toBe(0);
    expect(JSON.parse(read('cdk.json'))).toMatchObject({ app: 'npx --no bluegreen app', notices: false });
  });
});

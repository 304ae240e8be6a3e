import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandNames } from '../../cli/main';
import { bluegreen } from './commands/support/deployments';

/** Commands whose flags belong to a subcommand: `help` reaches that subcommand's help. */
const SUBCOMMANDS: Record<string, string> = { guardrails: 'check', frontend: 'publish' };
const invocations = commandNames().map((name) => (SUBCOMMANDS[name] ? [name, SUBCOMMANDS[name]] : [name]));
/** Commands that hand every argument to another program (`cdk` to the aws-cdk CLI), so they declare no flags. */
const PASSTHROUGH = ['cdk'];

/** The usage lines: everything before the first blank line. */
const usageOf = (help: string) => help.split('\n\n')[0];
/** The flags the options list declares, with the label each is shown with. */
const optionsOf = (help: string) =>
  [...(help.split('\noptions:\n')[1] ?? '').matchAll(/^ {2}(--[a-z0-9-]+)([^\n]*?)(?: {2,}|$)/gm)].map((m) => ({
    flag: m[1],
    label: `${m[1]}${m[2]}`,
  }));

describe('bluegreen --version', () => {
  test("prints package.json's version and exits 0", async () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };

    const run = await bluegreen(['--version'], {});

    expect(run).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});

describe('bluegreen help <command>', () => {
  test.each(invocations)('help %s prints what --help prints, exit 0', async (...words) => {
    const viaHelp = await bluegreen(['help', ...words], {});
    const viaFlag = await bluegreen([...words, '--help'], {});

    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain(`usage: bluegreen ${words.join(' ')}`);
    expect(viaHelp).toEqual(viaFlag);
  });

  test('help alone prints the command list (exit 0); help of an unknown command is a usage error (exit 2)', async () => {
    const list = await bluegreen(['help'], {});
    const unknown = await bluegreen(['help', 'deploy'], {});

    expect(list.code).toBe(0);
    expect(list.stdout).toContain('bluegreen help <command>');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("bluegreen: unknown command 'deploy' (allowed: init, app, cdk, plan, render,");
  });
});

describe('every command help', () => {
  test.each(invocations.filter(([name]) => !PASSTHROUGH.includes(name)))(
    '%s: the usage lines name every flag of the options list',
    async (...words) => {
      const help = (await bluegreen([...words, '--help'], {})).stdout;
      const options = optionsOf(help);

      expect(options.length).toBeGreaterThan(0);
      const missing = options.filter(({ flag }) => !new RegExp(`${flag}(?![a-z0-9-])`).test(usageOf(help)));
      expect(missing).toEqual([]);
    },
  );

  test('every command that takes --environment or --service also takes -e or -s', async () => {
    const labels: Record<string, string[]> = {};
    for (const words of invocations) {
      for (const { flag, label } of optionsOf((await bluegreen([...words, '--help'], {})).stdout)) {
        if (flag === '--environment' || flag === '--service') (labels[label] ??= []).push(words[0]);
      }
    }

    expect(labels).toEqual({
      '--environment NAME, -e': [
        'render',
        'check',
        'status',
        'logs',
        'exec',
        'rollback',
        'listeners',
        'diff',
        'bake',
        'run-task',
        'roll-workers',
        'backups',
        'frontend',
      ],
      '--service NAME, -s': ['render', 'check', 'status', 'logs', 'exec', 'rollback', 'run-task'],
    });
  });
});

describe('short flags', () => {
  test.each([
    [['status', '-e', 'qa']],
    [['rollback', '-e', 'qa', '--yes']],
    [['backups', '-e', 'qa']],
    [['bake', '-e', 'qa']],
    [['listeners', '--repoint', '-e', 'qa']],
    [['run-task', '-e', 'qa']],
    [['render', '-e', 'qa', '--task-definition', 'td.json', '--out', 'out']],
  ])('%j: -e is read as --environment (unknown environment, exit 2)', async (args) => {
    const run = await bluegreen(args, {});

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown environment 'qa' (configured: staging, prod)");
  });

  test('-s is read as --service, and an unknown service is named as --service', async () => {
    const run = await bluegreen(['status', '-e', 'staging', '-s', 'nope'], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("bluegreen status: --service: unknown service 'nope' (configured: service)\n");
  });
});

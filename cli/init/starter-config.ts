/**
 * The pipeline.config.yaml that `bluegreen init` writes: the tool's starter (templates/pipeline.config.yaml)
 * with the values given by flags, or one of the tool's examples, each led by the schema reference editors read.
 */

/** What the starter leaves to flags; each has a placeholder default the user replaces before deploying. */
export interface StarterValues {
  readonly application: string;
  readonly toolsAccount: string;
  readonly stagingAccount: string;
  readonly prodAccount: string;
  readonly releaseAccount: string;
  readonly region: string;
  readonly repository: string;
  readonly connectionArn: string;
  readonly releaseConnectionArn: string;
  readonly branch: string;
}

export const SCHEMA_COMMENT =
  '# yaml-language-server: $schema=./node_modules/ecs-bluegreen-pipeline/pipeline.config.schema.json';

/** The starter's `${name}` placeholders filled in; a placeholder without a value is a mistake in the template. */
export function fillStarter(template: string, values: StarterValues): string {
  return template.replace(/\$\{(\w+)\}/g, (_, key: string) => {
    const value = (values as unknown as Record<string, string | undefined>)[key];
    if (value === undefined) throw new Error(`templates/pipeline.config.yaml: no value for \${${key}}`);
    return value;
  });
}

/** An example's configuration, led by the schema reference. */
export function fromExample(text: string): string {
  return `${SCHEMA_COMMENT}\n${text}`;
}

/** A configuration name from a directory name: lower-case letters, digits and '-', starting with a letter. */
export function applicationNameFrom(directory: string): string {
  const name = directory
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return name.length > 0 ? name : 'app';
}

/** The starter's values: flags where given, placeholders (example accounts, eu-west-1) elsewhere. */
export function starterValues(flags: Partial<Record<keyof StarterValues, string>>, directory: string): StarterValues {
  const application = flags.application ?? applicationNameFrom(directory);
  const region = flags.region ?? 'eu-west-1';
  const toolsAccount = flags.toolsAccount ?? '111111111111';
  const releaseAccount = flags.releaseAccount ?? '444444444444';
  const connection = (account: string) =>
    `arn:aws:codeconnections:${region}:${account}:connection/00000000-0000-0000-0000-000000000000`;
  return {
    application,
    region,
    toolsAccount,
    stagingAccount: flags.stagingAccount ?? '222222222222',
    prodAccount: flags.prodAccount ?? '333333333333',
    releaseAccount,
    repository: flags.repository ?? `my-org/${application}`,
    connectionArn: flags.connectionArn ?? connection(toolsAccount),
    releaseConnectionArn: flags.releaseConnectionArn ?? connection(releaseAccount),
    branch: flags.branch ?? 'main',
  };
}

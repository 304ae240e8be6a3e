/**
 * What `cdk deploy --app cdk.out/<assembly>` acts on, read the way the CDK CLI reads it: the nested assembly's
 * manifest.json names the stacks (each deployed from `stackTemplateAssetObjectUrl` when it has one, else from its
 * `templateFile`) and the asset manifests it publishes first. The hand-off step (a commit's code) wrote all of it, so
 * Verify judges this, not a directory listing: a template asset whose source is another file, an asset manifest under
 * another name, or a command that produces an asset would each deploy what no check read.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { accessStackName } from '../../model/naming';

interface Artifact {
  readonly type?: string;
  readonly environment?: unknown;
  readonly properties?: Record<string, unknown>;
}
interface AssetManifest {
  readonly files?: Record<
    string,
    {
      readonly source?: Record<string, unknown>;
      readonly destinations?: Record<string, { bucketName?: unknown; objectKey?: unknown; assumeRoleArn?: unknown }>;
    }
  >;
  readonly dockerImages?: Record<string, unknown>;
}

/** A stack the nested assembly deploys: its template file, relative to the candidate. */
export interface DeployedStack {
  readonly artifactId: string;
  readonly templateFile: string;
  /** The CloudFormation stack it updates. */
  readonly stackName: string;
  /** The account and region it deploys to, from its `aws://ACCOUNT/REGION` environment. */
  readonly account: string;
  readonly region: string;
  /** Every object the assembly publishes before it deploys (`<bucket>/<key>`). */
  readonly publishedObjects: ReadonlySet<string>;
  /** The file or directory of the candidate each published object is made from, by `<bucket>/<key>`. */
  readonly assetSources: ReadonlyMap<string, string>;
}

/** What CDK writes for a stack of a stage; anything else (notification topics, tags) is refused. */
const STACK_PROPERTIES = new Set([
  'templateFile',
  'stackTemplateAssetObjectUrl',
  'stackName',
  'assumeRoleArn',
  'cloudFormationExecutionRoleArn',
  'requiresBootstrapStackVersion',
  'bootstrapStackVersionSsmParameter',
  'lookupRole',
  'validateOnSynth',
  'additionalDependencies',
  'terminationProtection',
]);
const BOOTSTRAP_BUCKET = /^cdk-[a-z0-9]+-assets-\d{12}-[a-z0-9-]+$/;
const KNOWN_ARTIFACTS = new Set([
  'aws:cloudformation:stack',
  'cdk:asset-manifest',
  'cdk:tree',
  'cdk:feature-flag-report',
]);
const PLAIN_FILE = /^[A-Za-z0-9._-]+\.json$/;
const PUBLISHING_ROLE =
  /^arn:(\$\{AWS::Partition\}|aws[a-z-]*):iam::\d{12}:role\/cdk-[a-z0-9]+-file-publishing-role-\d{12}-[a-z0-9-]+$/;

/** The artifacts of a nested assembly's manifest.json, by id. */
export function artifactsOf(assemblyDir: string): Record<string, Artifact> {
  if (!existsSync(join(assemblyDir, 'manifest.json')))
    throw new Error(`${assemblyDir} holds no manifest.json: not a nested cloud assembly`);
  const manifest = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, Artifact>;
  };
  return manifest.artifacts ?? {};
}

/** The stacks the protected assembly deploys; throws one line on anything the CLI would act on unjudged. */
export function deployedStacks(candidateDir: string, assembly: string): DeployedStack[] {
  const root = join(candidateDir, 'cdk.out', assembly);
  const where = `cdk.out/${assembly}`;
  const artifacts = Object.entries(artifactsOf(root));
  for (const [id, artifact] of artifacts) {
    if (!KNOWN_ARTIFACTS.has(String(artifact.type)))
      throw new Error(
        `${where}/manifest.json: artifact ${id} has type ${JSON.stringify(artifact.type)}, which Verify does not judge`,
      );
  }
  const templateAssets = artifacts
    .filter(([, artifact]) => artifact.type === 'cdk:asset-manifest')
    .flatMap(([id, artifact]) => judgedAssets(candidateDir, root, where, id, artifact));
  // cdk-assets skips an object that already exists, and uploads in dependency order: two assets under one key would
  // let the first one published stand in for a judged template.
  const seen = new Set<string>();
  for (const asset of templateAssets) {
    const at = `s3://${asset.bucket}/${asset.key}`;
    if (seen.has(at)) throw new Error(`${where}: two assets are published to ${at}; each object has one source`);
    seen.add(at);
  }
  const publishedObjects = new Set(templateAssets.map((asset) => `${asset.bucket}/${asset.key}`));
  const assetSources = new Map(
    templateAssets.map((asset) => [`${asset.bucket}/${asset.key}`, resolve(root, asset.path)]),
  );
  // Each stack's template as it deploys, read once: judged against its asset here, and for the assets it names.
  const templates: string[] = [];
  const stacks = artifacts
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([id, artifact]) => {
      const unjudged = Object.keys(artifact.properties ?? {}).filter((key) => !STACK_PROPERTIES.has(key));
      if (unjudged.length > 0)
        throw new Error(`${where}/manifest.json: stack ${id} sets ${unjudged.join(', ')}, which Verify does not judge`);
      const templateFile = plainFile(where, id, artifact.properties?.templateFile, root);
      const template = readFileSync(join(root, templateFile));
      templates.push(template.toString('utf8'));
      const url = artifact.properties?.stackTemplateAssetObjectUrl;
      if (url !== undefined) {
        const sha = sha256(template);
        const published = templateAssets.some(
          (asset) =>
            asset.path === templateFile && `s3://${asset.bucket}/${asset.key}` === url && asset.key === `${sha}.json`,
        );
        if (!published)
          throw new Error(
            `${where}/manifest.json: stack ${id} deploys from ${JSON.stringify(url)}, which is not its template ${templateFile} (SHA-256 ${sha}) as an asset of this assembly publishes it`,
          );
      }
      const environment = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(String(artifact.environment));
      if (!environment)
        throw new Error(
          `${where}/manifest.json: stack ${id} deploys to ${JSON.stringify(artifact.environment)}, not an account and region given literally`,
        );
      return {
        artifactId: id,
        templateFile: relative(candidateDir, join(root, templateFile)).split(sep).join('/'),
        stackName: String(artifact.properties?.stackName ?? id),
        account: environment[1],
        region: environment[2],
        publishedObjects,
        assetSources,
      };
    });
  refuseUnusedAssets(where, templateAssets, templates);
  return stacks;
}

/**
 * An asset no stack of the assembly deploys or names would go to a protected bootstrap bucket only to sit under a key
 * that a later candidate's template or function names, where the CLI would find it published and skip the upload
 * (Deploy's --force is the other half). So every asset is a stack's template (its key that template's SHA-256) or
 * named by one.
 */
function refuseUnusedAssets(
  where: string,
  assets: readonly { path: string; key: string }[],
  templates: string[],
): void {
  const used = new Set(templates.map((template) => `${sha256(template)}.json`));
  for (const asset of assets) {
    if (!used.has(asset.key) && !templates.some((template) => template.includes(asset.key)))
      throw new Error(
        `${where}: file asset ${asset.path} (${asset.key}) is deployed or named by no stack of the assembly: a protected assembly publishes only what it deploys`,
      );
  }
}

/** The file assets of one asset manifest, each judged; the template assets among them. */
function judgedAssets(
  candidateDir: string,
  root: string,
  where: string,
  id: string,
  artifact: Artifact,
): { path: string; bucket: string; key: string }[] {
  const file = plainFile(where, id, artifact.properties?.file, root);
  const assets = JSON.parse(readFileSync(join(root, file), 'utf8')) as AssetManifest;
  const at = `${where}/${file}`;
  for (const image of Object.keys(assets.dockerImages ?? {}))
    throw new Error(`${at}: docker image asset ${image} would be built at deploy; protected images come by digest`);
  const cdkOut = resolve(candidateDir, 'cdk.out');
  return Object.entries(assets.files ?? {}).flatMap(([assetId, asset]) => {
    const source = asset.source ?? {};
    const extra = Object.keys(source).filter((key) => key !== 'path' && key !== 'packaging');
    const inside = typeof source.path === 'string' && resolve(root, source.path).startsWith(cdkOut + sep);
    if (extra.length > 0 || !inside || !['file', 'zip'].includes(String(source.packaging ?? 'file'))) {
      throw new Error(
        `${at}: file asset ${assetId} must be a path inside the candidate's cdk.out packaged as file or zip, got ${JSON.stringify(source)}`,
      );
    }
    return Object.values(asset.destinations ?? {}).map((destination) => {
      if (!PUBLISHING_ROLE.test(String(destination.assumeRoleArn)))
        throw new Error(
          `${at}: file asset ${assetId} is published as ${JSON.stringify(destination.assumeRoleArn)}, not a CDK bootstrap file-publishing role`,
        );
      const [bucket, key] = [String(destination.bucketName), String(destination.objectKey)];
      const extension = source.packaging === 'zip' ? '.zip' : '.json';
      if (!BOOTSTRAP_BUCKET.test(bucket) || !new RegExp(`^[0-9a-f]{64}\\${extension}$`).test(key))
        throw new Error(
          `${at}: file asset ${assetId} is published to s3://${bucket}/${key}, not a <hash>${extension} object of a CDK bootstrap bucket`,
        );
      return { path: String(source.path), bucket, key };
    });
  });
}

/** A file name of the assembly's own directory, which exists. */
function plainFile(where: string, id: string, value: unknown, root: string): string {
  if (typeof value !== 'string' || !PLAIN_FILE.test(value) || !existsSync(join(root, value)))
    throw new Error(
      `${where}/manifest.json: artifact ${id} names ${JSON.stringify(value)}, not a JSON file of the assembly`,
    );
  return value;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `ENV=ASSEMBLY,…` (the release stack's RELEASE_STAGES) as a map; a malformed pair is a usage error upstream. */
export function releaseStages(text: string): Record<string, string> {
  const pairs = text.split(',').map((pair) => /^([a-z][a-z0-9-]*)=(assembly-[A-Za-z0-9-]+)$/.exec(pair.trim()));
  if (pairs.some((pair) => pair === null) || pairs.length === 0)
    throw new Error(`--stages must be ENV=assembly-…[,ENV=assembly-…], got '${text}'`);
  return Object.fromEntries(pairs.map((pair) => [pair![1], pair![2]]));
}

/**
 * The candidate deploys exactly the environments this release pipeline deploys, each from the assembly it names: the
 * manifest is the commit's hand-off's to write, and a label of its own (another environment's name) would judge a
 * stack's name against the wrong environment.
 */
export function checkCandidateStages(
  assemblies: Readonly<Record<string, string>>,
  stages: Readonly<Record<string, string>>,
): void {
  const text = (map: Readonly<Record<string, string>>) =>
    Object.entries(map)
      .map(([environment, assembly]) => `${environment}=${assembly}`)
      .sort()
      .join(',');
  if (text(assemblies) !== text(stages))
    throw new Error(
      `the candidate's manifest names ${text(assemblies) || 'no assembly'}, but this release pipeline deploys ${text(stages)}: hand off from a delivery pipeline of this configuration`,
    );
}

/**
 * Every protected stack updates one of the environment's own stacks (`<application>-<environment>-…`) but its access
 * stack, which the release stack deploys: a judged template applied to another stack of the account would replace what
 * that stack holds. `application` and the environments come from the release stack, not the candidate.
 */
export function checkStackNames(
  candidateDir: string,
  assemblies: Readonly<Record<string, string>>,
  application: string,
): void {
  for (const [environment, assembly] of Object.entries(assemblies)) {
    for (const stack of deployedStacks(candidateDir, assembly)) {
      const own = stack.stackName.startsWith(`${application}-${environment}-`);
      if (!own || stack.stackName === accessStackName(application, environment))
        throw new Error(
          `cdk.out/${assembly}: stack ${stack.artifactId} updates ${JSON.stringify(stack.stackName)}, not a stack of ${application}'s ${environment} it may update (${application}-${environment}-…, but ${accessStackName(application, environment)}, which the release stack deploys)`,
        );
    }
  }
}

/**
 * The Assets stage publishes with the pinned cdk-assets (TOOL_VERSIONS.cdkAssets), and cdk-assets refuses an asset
 * manifest whose schema major is newer than the one it bundles ("Cloud assembly schema version mismatch", as in
 * aws/aws-cdk#32744): 4.7.3 reads up to 54, and aws-cdk-lib 2.276 writes 55. Between the two, the asset manifest's
 * schema (assets.schema.json) is the same file: 55 changed only the integration-test manifest. So each asset project
 * first relabels the asset manifests of those majors as 54, and refuses any other newer major with what to do.
 * test/pipeline/delivery/asset-manifest-version.test.ts holds aws-cdk-lib's asset schema to the one 54 published.
 */

/** The newest asset manifest schema major the pinned cdk-assets reads. */
export const CDK_ASSETS_SCHEMA_MAJOR = 54;

/** Newer majors whose asset manifest schema is exactly major 54's. */
export const SAME_ASSET_SCHEMA_MAJORS: readonly number[] = [55];

/**
 * The pre_build command of every asset publishing project, run in the cloud assembly: POSIX sh, Node only (the asset
 * projects hold nothing but the assembly and cdk-assets).
 */
export const RELABEL_ASSET_MANIFESTS_COMMAND =
  "node -e '" +
  [
    'const fs = require("fs"), path = require("path");',
    // The manifests are in the assembly and its nested assemblies, never inside an asset (whose files are the app's).
    'const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? (e.name.startsWith("asset.") ? [] : walk(path.join(d, e.name))) : e.name.endsWith(".assets.json") ? [path.join(d, e.name)] : []);',
    'for (const file of walk(".")) {',
    '  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));',
    '  const major = Number(String(manifest.version).split(".")[0]);',
    `  if (major <= ${CDK_ASSETS_SCHEMA_MAJOR}) continue;`,
    `  if (!${JSON.stringify(SAME_ASSET_SCHEMA_MAJORS)}.includes(major)) {`,
    `    console.error(file + ": asset manifest schema " + manifest.version + " is newer than the ${CDK_ASSETS_SCHEMA_MAJOR} the pinned cdk-assets reads; upgrade the tool, which pins a cdk-assets that reads it");`,
    '    process.exit(1);',
    '  }',
    `  manifest.version = "${CDK_ASSETS_SCHEMA_MAJOR}.0.0";`,
    '  fs.writeFileSync(file, JSON.stringify(manifest, null, 1));',
    '}',
  ].join(' ') +
  "'";

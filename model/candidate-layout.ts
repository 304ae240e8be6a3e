/** The checksums of every file of a candidate; its SHA-256 is the candidate's hash. */
export const SUMS_FILE = 'SHA256SUMS';
/** The commit, digests and nested assemblies of a candidate. */
export const MANIFEST_FILE = 'manifest.json';
/** A full commit id, as the manifest, the hand-off object's metadata and the release pipeline's source name it. */
export const FULL_COMMIT_ID = /^[0-9a-f]{40}$/;

/**
 * The top level of a candidate (the delivery pipeline's hand-off packs it, the release steps read it): the nested
 * assemblies under `cdk.out/`, the manifest and checksums, and the files the hand-off includes by these names.
 */
export const CANDIDATE_INCLUDES = {
  /** The configuration the candidate was synthesized from. */
  config: 'config.yaml',
  /** The integration suite's source, when a protected environment runs one. */
  suite: 'suite.zip',
  /** The frontend build output, when there is a frontend (the PublishFrontend steps' input too). */
  frontend: 'frontend-dist',
} as const;

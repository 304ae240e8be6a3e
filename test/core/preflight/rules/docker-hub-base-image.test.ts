import { dockerHubBaseImage } from '../../../../core/preflight/rules/docker-hub-base-image';
import { assemblyOf, codeBuildProject, runRule, severities, stack } from '../harness';

const DIGEST = '@sha256:' + 'a'.repeat(64);
const imageBuild = codeBuildProject(JSON.stringify({ version: '0.2' }), {
  DOCKERFILE: 'Dockerfile',
  BUILD_CONTEXT: 'service',
});
const check = (files: Record<string, string>) =>
  runRule(dockerHubBaseImage, assemblyOf(stack('app', { resources: { ImageBuild: imageBuild } })), files);
const dockerfile = (text: string) => ({ 'service/Dockerfile': text });

describe('docker-hub-base-image', () => {
  test('compliant: ECR Public images pinned by digest, a later stage built on an earlier one, and scratch', () => {
    const text = [
      `FROM --platform=linux/arm64 public.ecr.aws/docker/library/node:22-alpine${DIGEST} AS build`,
      'RUN npm ci',
      'FROM build AS test',
      `FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/base:1${DIGEST}`,
      'FROM scratch',
    ].join('\n');
    expect(check(dockerfile(text))).toEqual([]);
  });

  test.each(['node:22-alpine', 'library/node:22', 'docker.io/library/node:22', 'bitnami/redis:7'])(
    'non-compliant: FROM %s comes from Docker Hub',
    (image) => {
      const findings = check(dockerfile(`# base\nFROM ${image}${DIGEST}\n`));
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain(`service/Dockerfile:2: FROM ${image}`);
    },
  );

  test('non-compliant: the fix names the ECR Public copy of an official image', () => {
    const findings = check(dockerfile(`FROM node:22-alpine${DIGEST}`));
    expect(findings[0].message).toContain(`public.ecr.aws/docker/library/node:22-alpine${DIGEST}`);
  });

  test('warnings: an image without a digest, an image chosen by ARG', () => {
    const findings = check(
      dockerfile('ARG BASE=public.ecr.aws/x/y:1\nFROM ${BASE}\nFROM public.ecr.aws/docker/library/node:22'),
    );
    expect(severities(findings)).toEqual(['warning', 'warning']);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('chosen by a build argument'),
      expect.stringContaining('not pinned by digest'),
    ]);
  });

  test('warning: the Dockerfile is not in the source', () => {
    expect(check({}).map((f) => [f.severity, f.message])).toEqual([
      ['warning', "cannot check base images: 'service/Dockerfile' not found in the source"],
    ]);
  });

  test('compliant: projects without DOCKERFILE and BUILD_CONTEXT are not image builds', () => {
    const other = codeBuildProject(JSON.stringify({ version: '0.2' }), { DOCKERFILE: 'Dockerfile' });
    expect(runRule(dockerHubBaseImage, assemblyOf(stack('app', { resources: { Other: other } })), {})).toEqual([]);
  });
});

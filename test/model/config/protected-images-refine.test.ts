import { configProblems, yamlWith } from '../../support/configs';

/** The shipped configuration (prod has approval: true) as services, with one sidecar; `protect` false unprotects prod. */
const withSidecar = (image: string, protect = true) =>
  yamlWith((raw) => {
    const service = raw.service as Record<string, unknown>;
    delete raw.service;
    raw.services = [{ ...service, name: 'web', kind: 'web', buildContext: '.', sidecars: [{ name: 'otel', image }] }];
    if (protect) return;
    for (const e of raw.environments as { approval?: boolean }[]) e.approval = false;
    delete (raw.pipeline as Record<string, unknown>).releaseAccount;
    delete (raw.pipeline as Record<string, unknown>).releaseConnectionArn;
  });

test('refuses a sidecar by tag when an environment is protected, naming the field, the image and what to write', () => {
  expect(configProblems(withSidecar('public.ecr.aws/otel/collector:v1'))).toEqual([
    `services[0].sidecars[0].image: names sidecar 'otel' by tag ('public.ecr.aws/otel/collector:v1'); an environment with approval: true runs only images by digest: write it as name@sha256:<64 hex> (docker buildx imagetools inspect NAME:TAG shows the digest) (got "public.ecr.aws/otel/collector:v1")`,
  ]);
});

test('admits a sidecar by digest in a protected environment, and one by tag where none is protected', () => {
  expect(configProblems(withSidecar(`public.ecr.aws/otel/collector@sha256:${'a'.repeat(64)}`))).toEqual([]);
  expect(configProblems(withSidecar('public.ecr.aws/otel/collector:v1', false))).toEqual([]);
});

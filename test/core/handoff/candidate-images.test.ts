import { candidateImages, repositoryPrefix, type RepositoryPrefix } from '../../../core/handoff/candidate-images';

const PREFIX = repositoryPrefix('111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/') as RepositoryPrefix;
const DIGEST = 'c'.repeat(64);

describe('repositoryPrefix', () => {
  test('reads the account, the region and the path of an application prefix', () => {
    expect(PREFIX).toEqual({
      text: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/',
      registryId: '111111111111',
      region: 'eu-west-1',
      path: 'app/',
    });
    expect(repositoryPrefix('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/app/')?.region).toBe('cn-north-1');
  });

  test.each([
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app',
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/',
    'public.ecr.aws/app/',
    '11111111111.dkr.ecr.eu-west-1.amazonaws.com/app/',
  ])('is undefined for %s', (text) => {
    expect(repositoryPrefix(text)).toBeUndefined();
  });
});

describe('candidateImages', () => {
  test("a service that runs another service's image reads that repository's scan", () => {
    expect(
      candidateImages({ worker: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${DIGEST}` }, PREFIX)[0]
        .image,
    ).toEqual({ registryId: '111111111111', repository: 'app/web', digest: `sha256:${DIGEST}` });
  });

  test("gives each service's repository, registry and region for its scan", () => {
    expect(
      candidateImages({ web: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${DIGEST}` }, PREFIX),
    ).toEqual([
      {
        service: 'web',
        uri: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${DIGEST}`,
        region: 'eu-west-1',
        image: { registryId: '111111111111', repository: 'app/web', digest: `sha256:${DIGEST}` },
      },
    ]);
  });

  test.each([
    ['another account', `222222222222.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${DIGEST}`],
    ['another region', `111111111111.dkr.ecr.us-east-1.amazonaws.com/app/web@sha256:${DIGEST}`],
    ['a repository outside the prefix', `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/team/web@sha256:${DIGEST}`],
    ['another application', `111111111111.dkr.ecr.eu-west-1.amazonaws.com/other/web@sha256:${DIGEST}`],
    ['a tag', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web:latest'],
    ['a short digest', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:abc'],
  ])('refuses an image of %s, in one line that names the service and what it must be', (_case, uri) => {
    expect(() => candidateImages({ web: uri }, PREFIX)).toThrow(
      new Error(
        `manifest image of web must be 111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/<repository>@sha256:<64 hex>, one of the application's own repositories by digest, got '${uri}'`,
      ),
    );
  });
});

test('refuses two digests for one repository, which the templates could name only one of', () => {
  const at = (hex: string) => `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${hex.repeat(64)}`;
  expect(() => candidateImages({ web: at('c'), worker: at('d') }, PREFIX)).toThrow(
    `manifest images name repository app/web by two digests (sha256:${'c'.repeat(64)}, sha256:${'d'.repeat(64)}): one repository's services run one image`,
  );
});

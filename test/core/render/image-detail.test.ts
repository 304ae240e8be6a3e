import { imageDetailJson, imageUriProblem, RenderError } from '../../../core/render';
import { DIGEST, IMAGE_BY_DIGEST } from './fixture';

describe('image URI', () => {
  test.each([
    IMAGE_BY_DIGEST,
    `111111111111.dkr.ecr.eu-west-1.amazonaws.com/sample/service:3f2c1e9@${DIGEST}`,
    `localhost:5000/service@${DIGEST}`,
    `nginx@${DIGEST}`,
    `public.ecr.aws/docker/library/node@${DIGEST}`,
  ])('accepts %s (pinned by digest)', (uri) => {
    expect(imageUriProblem(uri)).toBeUndefined();
  });

  test.each([
    [
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/sample/service:3f2c1e9',
      'names the image by tag; it must be pinned by digest',
    ],
    ['sample/service', 'names the image by tag; it must be pinned by digest'],
    [`Sample/Service@${DIGEST}`, 'is not an image reference'],
    [`sample/service@sha256:${'a'.repeat(63)}`, 'is not an image reference'],
    [`sample/service@sha256:${'A'.repeat(64)}`, 'is not an image reference'],
    [`sample/service@md5:${'a'.repeat(32)}`, 'is not an image reference'],
    [`https://111111111111.dkr.ecr.eu-west-1.amazonaws.com/sample/service@${DIGEST}`, 'is not an image reference'],
    [` sample/service@${DIGEST}`, 'is not an image reference'],
    ['', 'is not an image reference'],
  ])('refuses %j: %s', (uri, problem) => {
    expect(imageUriProblem(uri)).toContain(problem);
    expect(imageUriProblem(uri)).toContain('REPOSITORY@sha256:<64 hex digits>');
  });

  test('imageDetail.json holds exactly the ImageURI', () => {
    expect(JSON.parse(imageDetailJson(IMAGE_BY_DIGEST))).toEqual({ ImageURI: IMAGE_BY_DIGEST });
  });

  test('imageDetail.json is never written for an image named by tag', () => {
    expect(() => imageDetailJson('sample/service:latest')).toThrow(RenderError);
  });
});

import { apiBaseUrl } from '../../../pipeline/delivery/frontend-steps';

test.each([
  ['/api/*', '/api'],
  ['/v1/api/*', '/v1/api'],
  ['/api*', '/api'],
  ['/graphql', '/graphql'],
])('the page calls %s as %s on its own origin', (pattern, base) => {
  expect(apiBaseUrl(pattern)).toBe(base);
});

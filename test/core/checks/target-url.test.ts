import { checkUrl, parseTargetUrl } from '../../../core/checks';

describe('parseTargetUrl', () => {
  test('accepts http and https base URLs', () => {
    expect(parseTargetUrl('http://alb.example.com:8443', 'TARGET_URL').href).toBe('http://alb.example.com:8443/');
    expect(parseTargetUrl('https://green.example.com/app/', 'TARGET_URL').href).toBe('https://green.example.com/app/');
  });

  test.each([
    [undefined, 'TARGET_URL is required: the base URL of the target, e.g. http://my-alb.example.com:8443'],
    ['', 'TARGET_URL is required'],
    ['alb.example.com:8443', 'TARGET_URL must use http or https (got "alb.example.com:8443")'],
    [
      'not a url',
      'TARGET_URL must be an absolute http(s) URL such as http://my-alb.example.com:8443 (got "not a url")',
    ],
    ['ftp://alb.example.com', 'TARGET_URL must use http or https (got "ftp://alb.example.com")'],
    ['http://alb.example.com/?x=1', 'TARGET_URL must be a base URL without query, fragment or credentials'],
    ['http://user:pw@alb.example.com', 'TARGET_URL must be a base URL without query, fragment or credentials'],
  ])('refuses %j', (text, message) => {
    expect(() => parseTargetUrl(text, 'TARGET_URL')).toThrow(message);
  });
});

describe('checkUrl', () => {
  test.each([
    ['http://h:1', '/health', 'http://h:1/health'],
    ['http://h:1/', '/health', 'http://h:1/health'],
    ['http://h:1/app', '/health', 'http://h:1/app/health'],
    ['http://h:1/app/', '/v?full=1', 'http://h:1/app/v?full=1'],
  ])('%s + %s', (base, path, expected) => {
    expect(checkUrl(new URL(base), path).href).toBe(expected);
  });
});

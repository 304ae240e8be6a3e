import {
  testListenerCertificate,
  testListenerUrl,
} from '../../../../pipeline/environment/load-balancing/test-listener';

const certificate = { arn: 'arn:aws:acm:eu-west-1:333333333333:certificate/x', domainName: 'shop.example.com' };

test('the test listener serves the production certificate only where this stack points its name at the load balancer', () => {
  expect(testListenerCertificate({ ...certificate, aliasedHere: true })).toEqual({ ...certificate, aliasedHere: true });
  expect(testListenerCertificate({ ...certificate, aliasedHere: false })).toBeUndefined();
  expect(testListenerCertificate(undefined)).toBeUndefined();
});

test("green is reached by the certificate's name over TLS, else by the load balancer's DNS name", () => {
  expect(testListenerUrl({ ...certificate, aliasedHere: true }, 'lb.elb.amazonaws.com', 8443)).toBe(
    'https://shop.example.com:8443',
  );
  expect(testListenerUrl(undefined, 'lb.elb.amazonaws.com', 8443)).toBe('http://lb.elb.amazonaws.com:8443');
});

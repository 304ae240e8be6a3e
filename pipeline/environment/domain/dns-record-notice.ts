/**
 * With `certificateArn` + `domainName` (no `domain:` block) the production URL, its smoke checks and the address
 * the other services get are `https://<domainName>`, and no stack of this app creates that DNS record: it knows no
 * hosted zone. The first deployment's checks then fail and roll it back until someone creates the record. So the
 * stack says so in an output that `bluegreen preflight` (check-url-dns-record) and people read.
 */

/** The output key prefix preflight looks for. */
export const DNS_RECORD_OUTPUT = 'DnsRecordRequired';

export const DNS_RECORD_NOTICE =
  'No stack of this app creates this DNS record (no domain: block): create it (alias or CNAME to the load ' +
  'balancer) before the first deployment, or its smoke checks fail and roll it back';

/** The output's value: which name must point where. */
export function dnsRecordRequired(domainName: string, loadBalancerDnsName: string): string {
  return `${domainName} -> ${loadBalancerDnsName}`;
}

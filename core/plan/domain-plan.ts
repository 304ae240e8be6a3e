import type { EnvironmentConfig } from '../../model/config';

/** Where an environment's DNS records go when its zone is delegated from another account; nothing without delegation. */
export function describeDomainDelegation(environment: EnvironmentConfig): string[] {
  const domain = environment.domain;
  if (!domain?.delegation) return [];
  const { zoneName, roleArn } = domain.delegation;
  return [
    `    dns: zone ${zoneName} created in ${environment.account}, delegated from ${domain.zoneName} ` +
      `(${domain.hostedZoneId}): its NS record written there through ${roleArn}; records and certificate ` +
      `validation go into ${zoneName}`,
  ];
}

/**
 * `eu-west-1` → `euw1`, `ap-southeast-2` → `apse2`, `us-gov-west-1` → `usgw1`: short enough to fit a role name
 * (64 characters), distinct for every region.
 */
export function regionCode(region: string): string {
  const parts = region.split('-');
  const middle = parts.slice(1, -1).map((part) => REGION_WORDS[part] ?? part);
  return `${parts[0]}${middle.join('')}${parts[parts.length - 1]}`;
}

const REGION_WORDS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  gov: 'g',
};

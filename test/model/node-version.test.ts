import { MINIMUM_NODE_MAJOR, nodeVersionWarning } from '../../model/node-version';

describe('nodeVersionWarning', () => {
  test.each(['v22.0.0', 'v22.23.3', 'v24.1.0', '26.10.0'])('no warning on %s', (version) => {
    expect(nodeVersionWarning(version)).toBeUndefined();
  });

  test.each(['v20.20.2', 'v18.19.0', 'v21.7.3'])('a warning naming %s and what to install', (version) => {
    const warning = nodeVersionWarning(version);
    expect(warning).toContain(`Node ${version} is older than the ${MINIMUM_NODE_MAJOR}`);
    expect(warning).toContain(`install Node ${MINIMUM_NODE_MAJOR} or newer`);
  });

  test('an unreadable version is warned about, not taken as new enough', () => {
    expect(nodeVersionWarning('unknown')).toContain('Node unknown is older');
  });
});

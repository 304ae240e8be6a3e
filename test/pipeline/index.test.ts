import { EnvironmentStack, ServiceStack } from '../../pipeline';

test('the public API still exports ServiceStack, the old name of EnvironmentStack, for entry points that use it', () => {
  expect(ServiceStack).toBe(EnvironmentStack);
});

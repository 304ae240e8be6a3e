import { parse } from 'yaml';
import { appSpecYaml, buildAppSpec, hookFunctionProblem, RenderError } from '../../../core/render';
import type { LifecycleEvent } from '../../../model/config';

const OPTIONS = { containerName: 'app', containerPort: 8080, hookFunction: 'CodeDeployHook_shop-staging' };

describe('appspec', () => {
  test('is the ECS appspec with the task definition placeholder, the app container and port, and the hooks', () => {
    const text = appSpecYaml(buildAppSpec({ ...OPTIONS, hooks: ['AfterAllowTestTraffic'] }));

    expect(parse(text)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: '<TASK_DEFINITION>',
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
            },
          },
        },
      ],
      Hooks: [{ AfterAllowTestTraffic: 'CodeDeployHook_shop-staging' }],
    });
  });

  test("writes the version as CodeDeploy documents it, '0.0', and the placeholder verbatim", () => {
    const text = appSpecYaml(buildAppSpec({ ...OPTIONS, hooks: ['AfterAllowTestTraffic'] }));

    expect(text).toMatch(/^version: 0\.0$/m);
    expect(text).toContain('TaskDefinition: <TASK_DEFINITION>\n');
  });

  test('lists exactly the configured hooks, in lifecycle order', () => {
    const appSpec = buildAppSpec({ ...OPTIONS, hooks: ['AfterAllowTraffic', 'AfterInstall', 'BeforeAllowTraffic'] });

    expect(parse(appSpecYaml(appSpec)).Hooks).toEqual([
      { AfterInstall: 'CodeDeployHook_shop-staging' },
      { BeforeAllowTraffic: 'CodeDeployHook_shop-staging' },
      { AfterAllowTraffic: 'CodeDeployHook_shop-staging' },
    ]);
  });

  test('has no Hooks section without hooks', () => {
    expect(parse(appSpecYaml(buildAppSpec({ ...OPTIONS, hooks: [] })))).not.toHaveProperty('Hooks');
  });

  test.each([
    ['CodeDeployHook_shop-prod', undefined],
    ['arn:aws:lambda:eu-west-1:333333333333:function:CodeDeployHook_shop-prod', undefined],
    ['arn:aws:lambda:eu-west-1:333333333333:function:CodeDeployHook_shop-prod:live', undefined],
    ['', "'' is not a Lambda function name (1-64 of A-Z a-z 0-9 _ -) or function ARN"],
    ['hook function', "'hook function' is not a Lambda function name (1-64 of A-Z a-z 0-9 _ -) or function ARN"],
    ['x'.repeat(65), expect.stringContaining('is not a Lambda function name')],
  ])('hook function %j: %s', (name, problem) => {
    expect(hookFunctionProblem(name)).toEqual(problem);
  });

  test('refuses to build with a hook function that Lambda could not name', () => {
    expect(() => buildAppSpec({ ...OPTIONS, hookFunction: 'a/b', hooks: ['AfterAllowTestTraffic'] })).toThrow(
      RenderError,
    );
  });

  describe('a function per event', () => {
    const GATES = {
      AfterAllowTestTraffic: 'CodeDeployHook_shop-staging-integration',
      AfterAllowTraffic: 'CodeDeployHook_shop-staging-smoke',
    };

    test('gates green with the integration suite before users and smokes production after the shift', () => {
      const appSpec = buildAppSpec({ ...OPTIONS, hooks: [], hookFunctions: GATES });

      expect(appSpec.Hooks).toEqual([
        { AfterAllowTestTraffic: 'CodeDeployHook_shop-staging-integration' },
        { AfterAllowTraffic: 'CodeDeployHook_shop-staging-smoke' },
      ]);
    });

    test('events with a function of their own sit in lifecycle order among those of the default function', () => {
      const appSpec = buildAppSpec({
        ...OPTIONS,
        hooks: ['BeforeAllowTraffic', 'AfterAllowTestTraffic'],
        hookFunctions: { AfterAllowTraffic: GATES.AfterAllowTraffic, AfterInstall: 'CodeDeployHook_shop-migrate' },
      });

      expect(parse(appSpecYaml(appSpec)).Hooks).toEqual([
        { AfterInstall: 'CodeDeployHook_shop-migrate' },
        { AfterAllowTestTraffic: 'CodeDeployHook_shop-staging' },
        { BeforeAllowTraffic: 'CodeDeployHook_shop-staging' },
        { AfterAllowTraffic: 'CodeDeployHook_shop-staging-smoke' },
      ]);
    });

    test('a function of its own replaces the default function for an event both name, once', () => {
      const appSpec = buildAppSpec({
        ...OPTIONS,
        hooks: ['AfterAllowTestTraffic', 'AfterAllowTraffic'],
        hookFunctions: GATES,
      });

      expect(appSpec.Hooks).toEqual([
        { AfterAllowTestTraffic: 'CodeDeployHook_shop-staging-integration' },
        { AfterAllowTraffic: 'CodeDeployHook_shop-staging-smoke' },
      ]);
    });

    test('without functions per event the appspec is what it was', () => {
      const hooks: LifecycleEvent[] = ['AfterAllowTestTraffic', 'AfterAllowTraffic'];
      expect(buildAppSpec({ ...OPTIONS, hooks, hookFunctions: {} })).toEqual(buildAppSpec({ ...OPTIONS, hooks }));
    });

    test('refuses a function name Lambda could not have, naming the event', () => {
      expect(() =>
        buildAppSpec({ ...OPTIONS, hooks: [], hookFunctions: { AfterAllowTraffic: 'smoke tests' } }),
      ).toThrow(
        new RenderError(
          "hook function for AfterAllowTraffic: 'smoke tests' is not a Lambda function name (1-64 of A-Z a-z 0-9 _ -) or function ARN",
        ),
      );
    });

    test('refuses an event CodeDeploy does not have', () => {
      const hookFunctions = { AfterTraffic: 'CodeDeployHook_x' } as unknown as Record<LifecycleEvent, string>;
      expect(() => buildAppSpec({ ...OPTIONS, hooks: [], hookFunctions })).toThrow(
        "hook function for 'AfterTraffic': not a lifecycle event (one of BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic)",
      );
    });
  });
});

import {
  RESUME_ON_STATES,
  SCALING_SUSPENSION_STATES,
  SUSPEND_ON_STATE,
  ecsServiceResourceId,
  suspendedState,
} from '../../model/scaling-suspension';

describe('scaling suspension contract', () => {
  test('suspending sets every kind of scaling suspended; resuming clears every one', () => {
    expect(suspendedState(true)).toEqual({
      DynamicScalingInSuspended: true,
      DynamicScalingOutSuspended: true,
      ScheduledScalingSuspended: true,
    });
    expect(suspendedState(false)).toEqual({
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    });
  });

  test("names the service's desired count as Application Auto Scaling does for ECS", () => {
    expect(ecsServiceResourceId('shop-prod', 'shop-prod-api')).toBe('service/shop-prod/shop-prod-api');
  });

  test('START suspends, and every way a CodeDeploy deployment ends resumes', () => {
    expect(SUSPEND_ON_STATE).toBe('START');
    expect([...RESUME_ON_STATES].sort()).toEqual(['FAILURE', 'STOP', 'SUCCESS']);
    expect(SCALING_SUSPENSION_STATES).toEqual(['START', 'SUCCESS', 'FAILURE', 'STOP']);
  });
});

import type { Task } from '@aws-sdk/client-ecs';
import { judgeStoppedTask, taskDefinitionFacts, type TaskDefinitionFacts } from '../../../core/run-task';

const DEFINITION: TaskDefinitionFacts = taskDefinitionFacts({
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/app:1',
  containerDefinitions: [
    { name: 'migrate' }, // no `essential`: ECS's default is true
    { name: 'proxy', essential: true },
    { name: 'sidecar', essential: false },
  ],
});

type Exit = { exitCode?: number; reason?: string } | 'absent';

function stopped(
  exits: Record<string, Exit>,
  stopCode: Task['stopCode'] | undefined = 'EssentialContainerExited',
  stoppedReason = 'Essential container in task exited',
): Task {
  return {
    lastStatus: 'STOPPED',
    ...(stopCode === undefined ? {} : { stopCode }),
    stoppedReason,
    containers: Object.entries(exits)
      .filter((entry): entry is [string, Exclude<Exit, 'absent'>] => entry[1] !== 'absent')
      .map(([name, exit]) => ({ name, ...exit })),
  };
}

const ALL_ZERO = { migrate: { exitCode: 0 }, proxy: { exitCode: 0 }, sidecar: { exitCode: 0 } };

describe('judgeStoppedTask: success only when every essential container exited 0', () => {
  test.each<[string, Task]>([
    ['all containers exited 0', stopped(ALL_ZERO)],
    ['a non-essential container failed', stopped({ ...ALL_ZERO, sidecar: { exitCode: 1, reason: 'crashed' } })],
    ['a non-essential container has no exit code', stopped({ ...ALL_ZERO, sidecar: {} })],
    ['a non-essential container is not listed', stopped({ ...ALL_ZERO, sidecar: 'absent' })],
    ['ECS gave no stop code (the exit codes decide)', stopped(ALL_ZERO, undefined)],
  ])('succeeds: %s', (_name, task) => {
    expect(judgeStoppedTask(task, DEFINITION)).toMatchObject({ succeeded: true, problems: [] });
  });

  test.each<[string, Task, string[]]>([
    [
      'an essential container (essential by default) exited non-zero',
      stopped({ ...ALL_ZERO, migrate: { exitCode: 2, reason: 'relation exists' } }),
      ['essential container migrate exited with code 2: relation exists'],
    ],
    [
      'an essential container was killed (no exit code)',
      stopped({ ...ALL_ZERO, proxy: { reason: 'OutOfMemoryError' } }),
      ['essential container proxy has no exit code (killed or never ran): OutOfMemoryError'],
    ],
    [
      'an essential container has no exit code and no reason',
      stopped({ ...ALL_ZERO, proxy: {} }),
      ['essential container proxy has no exit code (killed or never ran): no reason given'],
    ],
    [
      'an essential container is missing from the answer',
      stopped({ ...ALL_ZERO, proxy: 'absent' }),
      ["essential container proxy is missing from ECS's description of the task"],
    ],
    [
      'SIGTERM',
      stopped({ ...ALL_ZERO, migrate: { exitCode: 143 } }),
      ['essential container migrate exited with code 143 (terminated by SIGTERM)'],
    ],
    [
      'the task failed to start (no exit codes at all: the start failure says why)',
      stopped(
        { migrate: { reason: 'CannotPullContainerError: x' }, proxy: {}, sidecar: {} },
        'TaskFailedToStart',
        'CannotPullContainerError: x',
      ),
      ['the task failed to start (TaskFailedToStart): CannotPullContainerError: x'],
    ],
    [
      'the task failed to start, and a container did report a failure',
      stopped(
        { migrate: { exitCode: 1 }, proxy: {}, sidecar: {} },
        'TaskFailedToStart',
        'ResourceInitializationError: secrets',
      ),
      [
        'the task failed to start (TaskFailedToStart): ResourceInitializationError: secrets',
        'essential container migrate exited with code 1',
      ],
    ],
    [
      'a Spot interruption while containers exited 0 on SIGTERM',
      stopped(ALL_ZERO, 'SpotInterruption', 'Your Spot Task was interrupted.'),
      ['the task was stopped from outside before it finished (SpotInterruption): Your Spot Task was interrupted.'],
    ],
    [
      'a stop code ECS may add later',
      stopped(ALL_ZERO, 'SomethingNew' as Task['stopCode'], 'why'),
      ['the task stopped with stop code SomethingNew, which run-task does not know: why'],
    ],
    [
      'a task that has not stopped',
      { ...stopped(ALL_ZERO), lastStatus: 'RUNNING' },
      ['the task has not stopped (lastStatus RUNNING)'],
    ],
  ])('fails: %s', (_name, task, problems) => {
    expect(judgeStoppedTask(task, DEFINITION)).toMatchObject({ succeeded: false, problems });
  });

  test('reports every container of the task definition, in its order, with exit code and reason', () => {
    const verdict = judgeStoppedTask(stopped({ ...ALL_ZERO, sidecar: { exitCode: 1, reason: 'crashed' } }), DEFINITION);
    expect(verdict.containers).toEqual([
      { name: 'migrate', essential: true, exitCode: 0 },
      { name: 'proxy', essential: true, exitCode: 0 },
      { name: 'sidecar', essential: false, exitCode: 1, reason: 'crashed' },
    ]);
  });
});

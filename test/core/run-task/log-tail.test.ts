import { LogTail, tailStream, type LogEventsPage, type LogStreamRef } from '../../../core/run-task';
import { taskDefinitionFacts } from '../../../core/run-task';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { TASK_ARN, TASK_DEFINITION, TASK_ID, LOG_GROUP } from './support/fixtures';

const REF: LogStreamRef = { container: 'app', group: LOG_GROUP, stream: `app/app/${TASK_ID}` };

/** A reader answering from a script, recording the tokens it was asked with. */
function scripted(answers: (LogEventsPage | Error)[]) {
  const tokens: (string | undefined)[] = [];
  const read = async (_ref: LogStreamRef, token: string | undefined) => {
    tokens.push(token);
    const answer = answers[Math.min(tokens.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, tokens };
}

const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('tailStream', () => {
  const facts = taskDefinitionFacts(TASK_DEFINITION as TaskDefinition);

  test('the essential container by default, --container when given, named <prefix>/<container>/<task id>', () => {
    expect(tailStream(facts, TASK_ARN, undefined)).toEqual({
      container: 'app',
      group: LOG_GROUP,
      stream: `app/app/${TASK_ID}`,
      region: 'eu-west-1',
    });
    expect(tailStream(facts, TASK_ARN, 'otel')?.stream).toBe(`otel/otel/${TASK_ID}`);
  });

  test('no stream without awslogs and a stream prefix', () => {
    const noPrefix = taskDefinitionFacts({
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/x:1',
      containerDefinitions: [
        { name: 'app', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } },
      ],
    });

    expect(tailStream(noPrefix, TASK_ARN, undefined)).toBeUndefined();
  });
});

describe('LogTail', () => {
  test('a stream not created yet gives no lines; then each poll gives the new lines, asking after the last token', async () => {
    const { read, tokens } = scripted([
      awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
      { messages: ['migrating 1\n', 'migrating 2'], nextToken: 'f/1' },
      { messages: [], nextToken: 'f/1' },
      { messages: ['done'], nextToken: 'f/2' },
    ]);
    const tail = new LogTail(read, REF, '222222222222');

    expect(await tail.poll()).toEqual([]);
    expect(await tail.poll()).toEqual(['[app] migrating 1', '[app] migrating 2']);
    expect(await tail.poll()).toEqual([]);
    expect(await tail.poll()).toEqual(['[app] done']);
    expect(tokens).toEqual([undefined, undefined, 'f/1', 'f/1']);
  });

  test('a burst longer than the limit shows its last lines and counts the rest', async () => {
    const { read } = scripted([{ messages: ['1', '2', '3', '4\n5'], nextToken: 't' }]);

    expect(await new LogTail(read, REF, '222222222222', 2).poll()).toEqual([
      '[app] ... 3 earlier line(s)',
      '[app] 4',
      '[app] 5',
    ]);
  });

  test('control characters (carriage return, escape sequences) are shown as ? so they cannot redraw the terminal', async () => {
    const { read } = scripted([{ messages: ['50%\r100%\u001b[2J done\r\n'], nextToken: 't' }]);

    expect(await new LogTail(read, REF, '222222222222').poll()).toEqual(['[app] 50%?100%?[2J done']);
  });

  test('throttled: no line, asked again at the next poll', async () => {
    const { read, tokens } = scripted([awsError('ThrottlingException', 'Rate exceeded'), { messages: ['up'] }]);
    const tail = new LogTail(read, REF, '222222222222');

    expect(await tail.poll()).toEqual([]);
    expect(await tail.poll()).toEqual(['[app] up']);
    expect(tokens).toHaveLength(2);
  });

  test('refused: one line with the shared wording, then the tail stops asking', async () => {
    const { read, tokens } = scripted([
      awsError('AccessDeniedException', 'not authorized to perform: logs:GetLogEvents'),
    ]);
    const tail = new LogTail(read, REF, '222222222222');

    expect(await tail.poll()).toEqual([
      `no more log lines: CloudWatch Logs refused GetLogEvents for log stream app/app/${TASK_ID} of log group ` +
        `${LOG_GROUP} (AccessDeniedException: not authorized to perform: logs:GetLogEvents); use credentials of a ` +
        'role in account 222222222222 that may call it',
    ]);
    expect(await tail.poll()).toEqual([]);
    expect(tokens).toHaveLength(1);
  });
});

import { RunTaskInputError, splitCommand } from '../../../core/run-task';

describe('splitCommand: words the way a POSIX shell splits a simple command, without expansion', () => {
  test.each<[string, string, string[]]>([
    ['plain words', 'npm run migrate', ['npm', 'run', 'migrate']],
    ['runs of whitespace, tabs and newlines', '  a \t b\n c  ', ['a', 'b', 'c']],
    ['single quotes keep everything literally', `sh -c 'echo "hi" && exit 3'`, ['sh', '-c', 'echo "hi" && exit 3']],
    ['a backslash inside single quotes is literal', String.raw`echo 'a\nb'`, ['echo', String.raw`a\nb`]],
    ['double quotes keep spaces', 'echo "two words"', ['echo', 'two words']],
    ['double quotes: \\" \\\\ \\$ \\` are escapes', String.raw`echo "a\"b\\c\$d\`e"`, ['echo', 'a"b\\c$d`e']],
    ['double quotes: other backslashes stay', String.raw`echo "a\nb"`, ['echo', String.raw`a\nb`]],
    ['quotes join with adjacent text into one word', `--name='a b'"c d"e`, ['--name=a bc de']],
    ['empty quotes make an empty word', `printf '%s' '' ""`, ['printf', '%s', '', '']],
    [
      'a backslash outside quotes escapes the next character',
      String.raw`echo a\ b \'c\' \"`,
      ['echo', 'a b', "'c'", '"'],
    ],
    ['backslash-newline joins lines', 'echo a\\\nb', ['echo', 'ab']],
    ['backslash-newline inside double quotes disappears', 'echo "a\\\nb"', ['echo', 'ab']],
    ['$ is not expanded', 'echo $HOME ${PATH} "$(id)"x', ['echo', '$HOME', '${PATH}', '$(id)x']],
    ['globs and tilde are not expanded', 'ls *.sql ~/x ?', ['ls', '*.sql', '~/x', '?']],
    ['operators inside quotes are plain text', `sh -c "a | b; c > d"`, ['sh', '-c', 'a | b; c > d']],
    ['an escaped operator is plain text', String.raw`echo a\;b \&`, ['echo', 'a;b', '&']],
    ['only whitespace gives no words', ' \t ', []],
  ])('%s', (_name, command, words) => {
    expect(splitCommand(command)).toEqual(words);
  });

  test.each<[string, string, string]>([
    [
      'an unterminated single quote',
      `echo 'abc`,
      '--command has an unterminated single quote starting at character 6: "echo \'abc"',
    ],
    [
      'an unterminated double quote',
      'echo "a\\"',
      '--command has an unterminated double quote starting at character 6: "echo \\"a\\\\\\""',
    ],
    [
      'a lone trailing backslash',
      'echo a\\',
      '--command ends with a lone backslash (escape it as \\\\ or quote it): "echo a\\\\"',
    ],
  ])('%s is a clear error', (_name, command, message) => {
    expect(() => splitCommand(command)).toThrow(new RunTaskInputError(message));
  });

  test.each(['|', '&', ';', '<', '>', '(', ')'])('an unquoted %s is refused: ECS runs no shell', (operator) => {
    expect(() => splitCommand(`npm run migrate ${operator} echo done`)).toThrow(
      `--command has an unquoted '${operator}' at character 17, which a shell would treat as an operator`,
    );
  });
});

import { serverBinary } from './server-process';

// The real-server tests fail, not skip, on a machine without the server: beforeAll throws this one line.

test('finds a program on PATH, else at an absolute path', () => {
  expect(serverBinary('a shell', ['no-such-program-here', 'sh'], 'install it')).toMatch(/\/sh$/);
  expect(serverBinary('a shell', ['/no/such/file', '/bin/sh'], 'install it')).toBe('/bin/sh');
});

test('names the missing program, where it looked and how to install it, in one line', () => {
  expect(() =>
    serverBinary("MariaDB's mariadbd", ['no-such-mariadbd', '/no/such/mariadbd'], 'apt-get install mariadb-server'),
  ).toThrow(
    new Error(
      "MariaDB's mariadbd is missing (looked for no-such-mariadbd, /no/such/mariadbd): apt-get install mariadb-server",
    ),
  );
});

import { startServer } from './server';
import { readSettings } from './settings';

// One JSON object per line on stdout: the awslogs/firelens driver ships it, nothing is written to the (read-only) disk.
function log(level: 'info' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const running = await startServer({ port: settings.port, host: settings.host, env: process.env });
  log('info', 'listening', { url: running.url, service: settings.info.service, version: settings.info.version });

  // ECS stops a task with SIGTERM (SIGKILL after stopTimeout). As PID 1 in the container Node gets no default
  // handler, so without these the signal would be ignored until the SIGKILL.
  const stop = (signal: NodeJS.Signals) => {
    log('info', 'shutting down', { signal });
    void running.shutdown().then(() => log('info', 'stopped'));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  log('error', 'cannot start', { error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});

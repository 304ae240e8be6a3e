// Reads the runtime config the publish step writes per environment, then calls the API on the same origin.
async function start() {
  const config = await (await fetch('/config.json', { cache: 'no-cache' })).json();
  document.getElementById('version').textContent = config.version;
  document.getElementById('environment').textContent = config.environment;
  const health = document.getElementById('health');
  try {
    const response = await fetch(`${config.apiBaseUrl}/health`);
    health.textContent = response.ok ? 'ok' : `HTTP ${response.status}`;
  } catch (error) {
    health.textContent = `unreachable (${error})`;
  }
}
void start();

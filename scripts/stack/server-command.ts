import path from 'node:path';

/**
 * How every part of the project starts the production server (scripts/server.ts): `npm run app`,
 * the test stack, Playwright's webServer, the e2e second instance, the load and fuzz scripts.
 * `nodeFlags` go before the script (e.g. `--cpu-prof`).
 */
export function appServerCommand(
  host: string,
  port: number,
  nodeFlags: string[] = [],
): { cmd: string; args: string[] } {
  return {
    cmd: process.execPath,
    args: [
      ...nodeFlags,
      '--conditions=react-server',
      '--import',
      'tsx',
      path.resolve('scripts/server.ts'),
      '-H',
      host,
      '-p',
      String(port),
    ],
  };
}

/** The same command as one shell command line (Playwright's webServer takes a string). */
export function appServerCommandLine(host: string, port: number): string {
  const { cmd, args } = appServerCommand(host, port);
  return [cmd, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
}

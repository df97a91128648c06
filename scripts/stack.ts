/**
 * Starts what Candor needs, then runs a command with the environment pointing at it, and stops
 * everything when the command ends (or on Ctrl-C).
 *
 *   tsx scripts/stack.ts app            serve the built app on http://127.0.0.1:3000 (scripts/server.ts)
 *   tsx scripts/stack.ts dev            the same services, with `next dev`
 *   tsx scripts/stack.ts test -- CMD…   fresh test database + livekit on test ports, run CMD
 *
 * External services are used instead of embedded ones when their env vars are set:
 * DATABASE_URL (PostgreSQL), LIVEKIT_URL + LIVEKIT_API_KEY + LIVEKIT_API_SECRET (LiveKit).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { migrate } from './db/migrate';
import { startLivekit } from './stack/livekit';
import { startEmbeddedPostgres } from './stack/postgres';
import { ensureSecrets } from './stack/secrets';
import { appServerCommand } from './stack/server-command';
import { onShutdown, shutdown, watchParent } from './stack/shutdown';
import {
  hasExited,
  supervise,
  terminate,
  type TManagedProcess,
  type TSupervised,
} from './stack/supervise';

interface Profile {
  dataDir: string;
  freshDb: boolean;
  pgPort: number;
  appPort: number;
  lk: { port: number; tcp: number; udpStart: number; udpEnd: number };
}

const DATA_DIR = path.resolve(process.env.CANDOR_DATA_DIR ?? '.data');
// Lets several test runs share one machine (each engineer or CI job picks its own offset).
const OFFSET = Number(process.env.CANDOR_TEST_PORT_OFFSET ?? 0);
// The app's ports move by CANDOR_PORT_OFFSET (a second install, or scripts/checks on a shared machine).
const APP_OFFSET = Number(process.env.CANDOR_PORT_OFFSET ?? 0);
const PROFILES: Record<'app' | 'test', Profile> = {
  app: {
    dataDir: DATA_DIR,
    freshDb: false,
    pgPort: 54329 + APP_OFFSET,
    appPort: Number(process.env.PORT ?? 3000 + APP_OFFSET),
    lk: {
      port: 7880 + APP_OFFSET * 2,
      tcp: 7881 + APP_OFFSET * 2,
      udpStart: 50000 + APP_OFFSET * 100,
      udpEnd: 50099 + APP_OFFSET * 100,
    },
  },
  test: {
    dataDir: path.join(DATA_DIR, OFFSET ? `test-${OFFSET}` : 'test'),
    freshDb: true,
    pgPort: 54339 + OFFSET,
    appPort: 3100 + OFFSET,
    lk: {
      port: 7890 + OFFSET * 2,
      tcp: 7891 + OFFSET * 2,
      udpStart: 50200 + OFFSET * 100,
      udpEnd: 50299 + OFFSET * 100,
    },
  },
};

async function startPostgres(
  p: Profile,
  env: NodeJS.ProcessEnv,
  password: string,
): Promise<TSupervised> {
  const pg = await startEmbeddedPostgres({
    dir: path.join(p.dataDir, 'pg'),
    port: p.pgPort,
    password,
    fresh: p.freshDb,
  });
  env.DATABASE_URL = pg.url;
  console.log(`[stack] embedded PostgreSQL at ${pg.url.replace(/:[^:@/]+@/, ':***@')}`);
  return supervise('PostgreSQL', { child: pg.child, stop: pg.stop }, async () => ({
    child: await pg.restart(),
    stop: pg.stop,
  }));
}

async function startMediaServer(
  p: Profile,
  env: NodeJS.ProcessEnv,
  secrets: ReturnType<typeof ensureSecrets>,
): Promise<TSupervised> {
  const start = () =>
    startLivekit({
      configDir: p.dataDir,
      port: p.lk.port,
      rtcTcpPort: p.lk.tcp,
      udpStart: p.lk.udpStart,
      udpEnd: p.lk.udpEnd,
      apiKey: secrets.livekitApiKey,
      apiSecret: secrets.livekitApiSecret,
      webhookUrl: `http://127.0.0.1:${p.appPort}/api/livekit/webhook`,
    });
  const lk = await start();
  Object.assign(env, {
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: secrets.livekitApiKey,
    LIVEKIT_API_SECRET: secrets.livekitApiSecret,
    CANDOR_LIVEKIT_PID: String(lk.pid),
  });
  console.log(`[stack] livekit-server at ${lk.url}`);
  return supervise('livekit-server', lk, start);
}

async function startServices(p: Profile): Promise<NodeJS.ProcessEnv> {
  const secrets = ensureSecrets(DATA_DIR);
  const appUrl = process.env.APP_URL ?? `http://127.0.0.1:${p.appPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_URL: appUrl,
    PORT: String(p.appPort),
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? secrets.betterAuthSecret,
    INVITE_SECRET: process.env.INVITE_SECRET ?? secrets.inviteSecret,
  };
  // Registered as soon as each service exists, so a signal during start-up stops what is running.
  if (!process.env.DATABASE_URL) onShutdown(await startPostgres(p, env, secrets.postgresPassword));
  const applied = await migrate(env.DATABASE_URL!, path.resolve('prisma/migrations'));
  console.log(`[stack] migrations: ${applied.length ? applied.join(', ') : 'up to date'}`);
  if (!process.env.LIVEKIT_URL) onShutdown(await startMediaServer(p, env, secrets));
  return env;
}

/**
 * The async-answer analysis worker (scripts/worker.ts), supervised like the services: restarted
 * with backoff when it dies. `app`/`dev` always start it; `test` only with CANDOR_STACK_WORKER=1.
 */
function startWorker(env: NodeJS.ProcessEnv): TSupervised {
  const start = (): TManagedProcess => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', path.resolve('scripts/worker.ts')],
      { stdio: 'inherit', env, detached: true },
    );
    return { child, stop: () => terminate(child, 10_000, true) };
  };
  return supervise('worker', start(), () => Promise.resolve(start()));
}

/** Runs the foreground command in its own process group, so stopping it stops all its children. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env, detached: true });
    onShutdown({ stop: () => terminate(child, 5000, true) }, true);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    if (hasExited(child)) resolve(child.exitCode ?? 1);
  });
}

async function main(): Promise<number> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== 'app' && mode !== 'dev' && mode !== 'test') {
    console.error('usage: tsx scripts/stack.ts app | dev | test -- <command…>');
    return 2;
  }
  watchParent();
  const profile = PROFILES[mode === 'test' ? 'test' : 'app'];
  const env = await startServices(profile);
  if (mode === 'app' || mode === 'dev' || process.env.CANDOR_STACK_WORKER === '1')
    onShutdown(startWorker(env));
  if (mode === 'app') {
    // The production server: Next.js plus the engine-window fast path (scripts/server.ts).
    const { cmd, args } = appServerCommand('127.0.0.1', profile.appPort);
    return run(cmd, args, env);
  }
  if (mode === 'dev') {
    const next = path.resolve('node_modules/.bin/next');
    return run(next, ['dev', '-H', '127.0.0.1', '-p', String(profile.appPort)], env);
  }
  const cmd = rest[0] === '--' ? rest.slice(1) : rest;
  if (cmd.length === 0) throw new Error('test mode needs a command after --');
  return run(cmd[0]!, cmd.slice(1), env);
}

main().then(
  (code) => shutdown(code),
  (err: unknown) => {
    console.error(`[stack] ${err instanceof Error ? err.message : String(err)}`);
    return shutdown(1);
  },
);

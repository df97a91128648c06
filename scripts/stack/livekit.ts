import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningService } from './postgres';

export const LIVEKIT_VERSION = 'v1.13.5';

/** Where the built livekit-server binary is cached, outside git (override: CANDOR_TOOLS_DIR). */
export function livekitBinaryPath(): string {
  const base = process.env.CANDOR_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'candor');
  return path.join(base, `livekit-${LIVEKIT_VERSION}`, 'server');
}

/** Builds the real livekit-server from its tagged Go module release once (a few minutes). */
export function ensureLivekitBinary(): string {
  const bin = livekitBinaryPath();
  if (existsSync(bin)) return bin;
  console.log(`[livekit] building livekit-server ${LIVEKIT_VERSION} with Go (first run only)…`);
  mkdirSync(path.dirname(bin), { recursive: true });
  const res = spawnSync(
    'go',
    ['install', `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}`],
    { stdio: 'inherit', cwd: os.tmpdir(), env: { ...process.env, GOBIN: path.dirname(bin) } },
  );
  if (res.error || res.status !== 0 || !existsSync(bin)) {
    throw new Error(
      `could not build livekit-server (needs Go ≥ 1.26 and the Go module proxy). ` +
        `Alternatives: set LIVEKIT_URL/LIVEKIT_API_KEY/LIVEKIT_API_SECRET to an existing server, ` +
        `or run the livekit/livekit-server Docker image (see README).`,
    );
  }
  return bin;
}

export interface LivekitOptions {
  configDir: string;
  port: number;
  rtcTcpPort: number;
  udpStart: number;
  udpEnd: number;
  apiKey: string;
  apiSecret: string;
  webhookUrl: string;
}

function configYaml(o: LivekitOptions): string {
  return [
    `port: ${o.port}`,
    `bind_addresses: ["127.0.0.1"]`,
    `rtc:`,
    `  tcp_port: ${o.rtcTcpPort}`,
    `  port_range_start: ${o.udpStart}`,
    `  port_range_end: ${o.udpEnd}`,
    `  use_external_ip: false`,
    `  node_ip: 127.0.0.1`,
    `keys:`,
    `  ${o.apiKey}: ${o.apiSecret}`,
    `webhook:`,
    `  api_key: ${o.apiKey}`,
    `  urls: ["${o.webhookUrl}"]`,
    `room:`,
    // Only Candor's server opens rooms (RoomService CreateRoom for an interviewer): a participant
    // token can join an open room but never create or re-open one.
    `  auto_create: false`,
    `  empty_timeout: 300`,
    `  departure_timeout: 20`,
    `logging:`,
    `  level: warn`,
    ``,
  ].join('\n');
}

/** Starts livekit-server bound to loopback with the install's own keys; resolves once it answers. */
export async function startLivekit(
  o: LivekitOptions,
): Promise<RunningService & { pid: number; child: ChildProcess }> {
  const bin = ensureLivekitBinary();
  mkdirSync(o.configDir, { recursive: true });
  const configFile = path.join(o.configDir, 'livekit.yaml');
  writeFileSync(configFile, configYaml(o), { mode: 0o600 });
  const child = spawn(bin, ['--config', configFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForHttp(`http://127.0.0.1:${o.port}/`, 20_000);
  return {
    url: `ws://127.0.0.1:${o.port}`,
    pid: child.pid ?? -1,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

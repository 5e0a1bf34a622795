/**
 * A Redis of a test's own: `redis-server` on a free loopback port in a temporary directory, which the test may
 * kill, freeze (SIGSTOP), thaw and restart on the same port without touching the shared Redis every other test uses.
 * Also a three-master Redis Cluster started the same way (`--cluster-enabled yes`, `redis-cli --cluster create`),
 * a replica of a private Redis (`--replicaof`), and a Sentinel (`redis-server --sentinel`) watching a private Redis,
 * which a test may ask to fail over to the replica.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/listen.js';

const run = promisify(execFile);

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `redis-cli -p <port> <args>` on loopback: its output. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), '-h', '127.0.0.1', ...args], { timeout: 2000 });
  return stdout;
}

async function pings(port: number): Promise<boolean> {
  return (await cli(port, 'ping')).trim() === 'PONG';
}

export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly extraArgs: string[],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(extraArgs: string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'byoc-redis-')), extraArgs);
    await redis.restart();
    return redis;
  }

  /** A replica of `master`, once its link to the master is up (the first full copy made). */
  static async startReplicaOf(master: PrivateRedis): Promise<PrivateRedis> {
    const replica = await PrivateRedis.start(['--replicaof', '127.0.0.1', String(master.port)]);
    await waitUntil(`the replica on ${replica.port} to copy its master`, async () =>
      (await cli(replica.port, 'info', 'replication')).includes('master_link_status:up'),
    );
    return replica;
  }

  /** What Redis says it is now: `master` or `slave` (the first line of ROLE). */
  async role(): Promise<string> {
    return (await cli(this.port, 'role')).split('\n')[0]!.trim();
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (again) on the same port; data is not kept (no persistence): like a Redis that lost its memory. */
  async restart(): Promise<void> {
    if (this.running()) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'no',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitUntil(`redis-server on ${this.port}`, () => pings(this.port));
  }

  /** SIGKILL: connections drop at once, the port refuses until `restart()`. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: connections stay open, nothing answers. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.thaw();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Three masters, no replicas, every slot covered; `stop()` kills them and removes their directory. */
export class PrivateRedisCluster {
  private constructor(
    readonly nodes: PrivateRedis[],
    readonly dir: string,
  ) {}

  get ports(): number[] {
    return this.nodes.map((n) => n.port);
  }

  static async start(): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'byoc-cluster-'));
    const nodes: PrivateRedis[] = [];
    for (let i = 0; i < 3; i += 1) {
      nodes.push(
        await PrivateRedis.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${i}.conf`),
          '--cluster-node-timeout',
          '2000',
        ]),
      );
    }
    const hosts = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...hosts, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 30_000,
    });
    await waitUntil(
      'the cluster to cover every slot',
      async () => {
        for (const n of nodes) {
          if (!(await cli(n.port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
        }
        return true;
      },
      30_000,
    );
    return new PrivateRedisCluster(nodes, dir);
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) await n.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Sentinel of a test's own (`redis-server <conf> --sentinel`) monitoring `master` under `masterName`. */
export class PrivateSentinel {
  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly masterName: string,
    private readonly child: ChildProcess,
  ) {}

  /** The port of the master the Sentinel names now. */
  async masterPort(): Promise<number> {
    const [, port] = (await cli(this.port, 'sentinel', 'get-master-addr-by-name', this.masterName)).trim().split('\n');
    return Number(port);
  }

  /**
   * SENTINEL FAILOVER: the Sentinel promotes a replica without asking other Sentinels, as for a planned switch
   * (https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/#sentinel-commands). Resolves with the
   * port of the new master once the Sentinel names it, which is when it announces `+switch-master`.
   */
  async failover(): Promise<number> {
    const before = await this.masterPort();
    // It knows the replica from the master's INFO; until it does, it answers NOGOODSLAVE.
    await waitUntil(
      `the sentinel on ${this.port} to fail ${this.masterName} over`,
      async () => (await cli(this.port, 'sentinel', 'failover', this.masterName)).trim() === 'OK',
    );
    return this.newMasterThan(before);
  }

  /** Resolves with the port of the master the Sentinel names once it names another than `port`. */
  async newMasterThan(port: number, timeoutMs = 15_000): Promise<number> {
    let now = port;
    await waitUntil(
      `the sentinel on ${this.port} to name a new master`,
      async () => {
        now = await this.masterPort();
        return now !== port;
      },
      timeoutMs,
    );
    return now;
  }

  static async start(master: PrivateRedis, masterName: string): Promise<PrivateSentinel> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'byoc-sentinel-'));
    // Sentinel rewrites its configuration file: it must be a file of its own, writable.
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${masterName} 2000`,
        '',
      ].join('\n'),
    );
    const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const sentinel = new PrivateSentinel(port, dir, masterName, child);
    await waitUntil(`the sentinel on ${port} to know ${masterName}`, async () =>
      (await cli(port, 'sentinel', 'get-master-addr-by-name', masterName)).includes(String(master.port)),
    );
    return sentinel;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

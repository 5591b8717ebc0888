import { createHash, randomBytes } from 'node:crypto';

/**
 * The writers of the kill -9 test and the check after the restart. Every writer owns its keys and
 * sends one request at a time, so it knows what each key holds after every acknowledged (2xx) write,
 * and which one write may or may not have landed when the server died (the one in flight).
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Network failures that mean the server went away, as Node's fetch (undici) reports them. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * True when `err` is the connection being lost or refused (ECONNRESET, ECONNREFUSED, a closed
 * socket, "socket hang up"); anything else, a bad response included, is not the kill.
 */
export function isConnectionLoss(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (/socket hang up/u.test(e.message)) return true;
  }
  return false;
}

/** What one key (a tag or an alias) may hold after the restart: null is "absent". */
class KeyStates {
  private readonly acked = new Map<string, string | null>();
  private readonly pending = new Map<string, string | null>();

  current(key: string): string | null {
    return this.acked.get(key) ?? null;
  }
  begin(key: string, value: string | null): void {
    this.pending.set(key, value);
  }
  ack(key: string): void {
    this.acked.set(key, this.pending.get(key) ?? null);
    this.pending.delete(key);
  }
  keys(): string[] {
    return [...new Set([...this.acked.keys(), ...this.pending.keys()])];
  }
  /** The acknowledged value, or the value of the write in flight at the kill (it may have landed). */
  allowed(key: string): (string | null)[] {
    return this.pending.has(key)
      ? [this.current(key), this.pending.get(key) ?? null]
      : [this.current(key)];
  }
}

export interface Reply {
  status: number;
  text: string;
}

/** One server's life under load: sends requests, and tells failures from the kill. */
export class Session {
  /** Set just before the server is killed: a lost connection after it is the kill. */
  killed = false;
  /** Non-2xx replies, and lost connections before the kill: each one fails the test. */
  readonly failures: string[] = [];
  /** Acknowledged writes per writer, to know when all of them are under way. */
  readonly acks = new Map<string, number>();

  constructor(readonly url: string) {}

  /**
   * Sends one request. Returns the reply when it is a 2xx read in full; undefined when the writer
   * must stop: the connection was lost (the kill), or anything else, recorded as a failure.
   */
  async send(
    writer: string,
    method: string,
    path: string,
    body?: Uint8Array | Record<string, unknown>,
  ): Promise<Reply | undefined> {
    const binary = body instanceof Uint8Array;
    let reply: Reply;
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers:
          body === undefined
            ? {}
            : { 'content-type': binary ? 'application/octet-stream' : 'application/json' },
        body: body === undefined ? null : binary ? body : JSON.stringify(body),
      });
      reply = { status: response.status, text: await response.text() };
    } catch (err) {
      if (!this.killed || !isConnectionLoss(err)) {
        const cause =
          err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
        this.failures.push(
          `${writer}: ${method} ${path} ${this.killed ? 'failed' : 'failed before the kill'}: ${String(err)}${cause}`,
        );
      }
      return undefined;
    }
    if (reply.status < 200 || reply.status > 299) {
      this.failures.push(`${writer}: ${method} ${path} -> ${reply.status}: ${reply.text}`);
      return undefined;
    }
    this.acks.set(writer, (this.acks.get(writer) ?? 0) + 1);
    return reply;
  }

  mlflow(writer: string, method: string, path: string, body?: Record<string, unknown>) {
    return this.send(writer, method, `/api/2.0/mlflow/${path}`, body);
  }
}

const proxyPath = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${path}`;

/** A run's metrics (by value), params and tags written with log-batch, log-parameter and set-tag. */
export class RunWriter {
  readonly metrics = new Set<number>();
  readonly params = new Map<string, string>();
  readonly tags = new Map<string, string>();
  /** `latest`: set and deleted over and over. */
  readonly toggled = new KeyStates();

  constructor(
    readonly name: string,
    readonly runId: string,
  ) {}

  async run(s: Session): Promise<void> {
    const run_id = this.runId;
    for (let b = 0; ; b++) {
      const metrics = Array.from({ length: 50 }, (_, i) => ({
        key: 'loss',
        value: b * 50 + i,
        timestamp: 1_700_000_000_000 + b,
        step: b * 50 + i,
      }));
      const params = [{ key: `batch-param-${b}`, value: `${this.name}:${b}` }];
      const tags = [{ key: `batch-tag-${b}`, value: `${this.name}:${b}:tag` }];
      if (!(await s.mlflow(this.name, 'POST', 'runs/log-batch', { run_id, metrics, params, tags })))
        return;
      for (const m of metrics) this.metrics.add(m.value);
      for (const p of params) this.params.set(p.key, p.value);
      for (const t of tags) this.tags.set(t.key, t.value);

      const param = { key: `param-${b}`, value: `${this.name}/${b}` };
      if (!(await s.mlflow(this.name, 'POST', 'runs/log-parameter', { run_id, ...param }))) return;
      this.params.set(param.key, param.value);

      if (b % 3 === 2 && this.toggled.current('latest') !== null) {
        this.toggled.begin('latest', null);
        if (!(await s.mlflow(this.name, 'POST', 'runs/delete-tag', { run_id, key: 'latest' })))
          return;
      } else {
        this.toggled.begin('latest', String(b));
        const body = { run_id, key: 'latest', value: String(b) };
        if (!(await s.mlflow(this.name, 'POST', 'runs/set-tag', body))) return;
      }
      this.toggled.ack('latest');
    }
  }

  async verify(s: Session, problems: string[]): Promise<void> {
    const history = await metricValues(s.url, this.runId);
    const missing = [...this.metrics].filter((v) => !history.has(v));
    if (missing.length > 0) problems.push(`${this.name}: metric values lost: ${missing.join(',')}`);

    const run = (await getJson(s.url, `/api/2.0/mlflow/runs/get?run_id=${this.runId}`)) as {
      run: { data: { params?: KeyValue[]; tags?: KeyValue[] } };
    };
    const params = asMap(run.run.data.params);
    const tags = asMap(run.run.data.tags);
    for (const [key, value] of this.params) {
      if (params.get(key) !== value)
        problems.push(`${this.name}: param ${key} is ${params.get(key)}, acknowledged ${value}`);
    }
    for (const [key, value] of this.tags) {
      if (tags.get(key) !== value)
        problems.push(`${this.name}: tag ${key} is ${tags.get(key)}, acknowledged ${value}`);
    }
    checkKeys(problems, `${this.name}: tag`, this.toggled, tags);
  }
}

/** A registered model's tags and aliases, set and deleted over and over. */
export class RegistryWriter {
  readonly tags = new KeyStates();
  readonly aliases = new KeyStates();

  constructor(
    readonly model: string,
    /** Versions of the model the aliases point at. */
    readonly versions: readonly string[],
  ) {}

  async run(s: Session): Promise<void> {
    const name = this.model;
    const writer = `registry ${name}`;
    for (let i = 0; ; i++) {
      const tag = `k${i % 4}`;
      this.tags.begin(tag, `v${i}`);
      const set = { name, key: tag, value: `v${i}` };
      if (!(await s.mlflow(writer, 'POST', 'registered-models/set-tag', set))) return;
      this.tags.ack(tag);

      const doomedTag = `k${(i + 1) % 4}`;
      if (i % 3 === 2 && this.tags.current(doomedTag) !== null) {
        this.tags.begin(doomedTag, null);
        const body = { name, key: doomedTag };
        if (!(await s.mlflow(writer, 'DELETE', 'registered-models/delete-tag', body))) return;
        this.tags.ack(doomedTag);
      }

      const alias = `a${i % 3}`;
      const version = this.versions[i % this.versions.length] ?? '1';
      this.aliases.begin(alias, version);
      if (!(await s.mlflow(writer, 'POST', 'registered-models/alias', { name, alias, version })))
        return;
      this.aliases.ack(alias);

      const doomedAlias = `a${(i + 1) % 3}`;
      if (i % 4 === 3 && this.aliases.current(doomedAlias) !== null) {
        this.aliases.begin(doomedAlias, null);
        const body = { name, alias: doomedAlias };
        if (!(await s.mlflow(writer, 'DELETE', 'registered-models/alias', body))) return;
        this.aliases.ack(doomedAlias);
      }
    }
  }

  async verify(s: Session, problems: string[]): Promise<void> {
    const got = (await getJson(
      s.url,
      `/api/2.0/mlflow/registered-models/get?name=${encodeURIComponent(this.model)}`,
    )) as {
      registered_model: { tags?: KeyValue[]; aliases?: Array<{ alias: string; version: string }> };
    };
    const tags = asMap(got.registered_model.tags);
    const aliases = new Map(
      (got.registered_model.aliases ?? []).map((a) => [a.alias, String(a.version)]),
    );
    checkKeys(problems, `${this.model}: tag`, this.tags, tags);
    checkKeys(problems, `${this.model}: alias`, this.aliases, aliases);
  }
}

/** Uploads files through the artifact proxy; every acknowledged one must come back byte for byte. */
export class ArtifactWriter {
  /** Proxy path -> SHA-256 of what was acknowledged. */
  readonly files = new Map<string, string>();

  constructor(
    readonly name: string,
    /** `<experiment>/<run>/artifacts`. */
    readonly root: string,
  ) {}

  async upload(s: Session, path: string, bytes: Uint8Array): Promise<boolean> {
    if (!(await s.send(this.name, 'PUT', proxyPath(path), bytes))) return false;
    this.files.set(path, sha256(bytes));
    return true;
  }

  async run(s: Session): Promise<void> {
    for (let i = 0; ; i++) {
      // 1 KiB to about 300 KiB, so some uploads take several reads of the request stream.
      const bytes = randomBytes(1024 + ((i * 104_729) % (300 * 1024)));
      if (!(await this.upload(s, `${this.root}/blobs/${this.name}-${i}.bin`, bytes))) return;
    }
  }

  async verify(s: Session, problems: string[]): Promise<void> {
    for (const [path, digest] of this.files) {
      const response = await fetch(`${s.url}${proxyPath(path)}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) problems.push(`${path}: ${response.status} after the restart`);
      else if (sha256(bytes) !== digest)
        problems.push(`${path}: ${bytes.length} bytes that are not the acknowledged ones`);
    }
  }
}

/** Uploads a model file and registers it as a new version, over and over. */
export class VersionWriter {
  /** Acknowledged versions: number -> source. */
  readonly versions = new Map<string, string>();
  readonly artifacts: ArtifactWriter;

  constructor(
    readonly model: string,
    readonly runId: string,
    root: string,
  ) {
    this.artifacts = new ArtifactWriter(`versions ${model}`, root);
  }

  async run(s: Session): Promise<void> {
    const writer = `versions ${this.model}`;
    for (let i = 0; ; i++) {
      const dir = `${this.artifacts.root}/versions/${this.model}-${i}`;
      const bytes = randomBytes(2048 + ((i * 7919) % 65_536));
      if (!(await this.artifacts.upload(s, `${dir}/model.bin`, bytes))) return;
      const source = `mlflow-artifacts:/${dir}`;
      const created = await s.mlflow(writer, 'POST', 'model-versions/create', {
        name: this.model,
        source,
        run_id: this.runId,
      });
      if (!created) return;
      const { model_version } = JSON.parse(created.text) as { model_version: { version: string } };
      this.versions.set(String(model_version.version), source);
    }
  }

  async verify(s: Session, problems: string[]): Promise<void> {
    for (const [version, source] of this.versions) {
      const response = await fetch(
        `${s.url}/api/2.0/mlflow/model-versions/get?name=${encodeURIComponent(this.model)}&version=${version}`,
      );
      const text = await response.text();
      if (response.status !== 200) {
        problems.push(`${this.model} v${version}: ${response.status} ${text}`);
        continue;
      }
      const { model_version: got } = JSON.parse(text) as {
        model_version: { source: string; status: string; run_id: string };
      };
      if (got.source !== source || got.status !== 'READY' || got.run_id !== this.runId)
        problems.push(`${this.model} v${version}: ${text}, acknowledged with source ${source}`);
    }
    await this.artifacts.verify(s, problems);
  }
}

interface KeyValue {
  key: string;
  value: string;
}

const asMap = (items: KeyValue[] | undefined) =>
  new Map((items ?? []).map((item) => [item.key, item.value]));

function checkKeys(
  problems: string[],
  what: string,
  states: KeyStates,
  stored: Map<string, string>,
): void {
  for (const key of states.keys()) {
    const value = stored.get(key) ?? null;
    const allowed = states.allowed(key);
    if (!allowed.includes(value))
      problems.push(`${what} ${key} is ${value}, acknowledged ${allowed.join(' or ')}`);
  }
}

async function getJson(base: string, path: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} -> ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

async function metricValues(base: string, runId: string): Promise<Set<number>> {
  const values = new Set<number>();
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ run_id: runId, metric_key: 'loss' });
    if (token) q.set('page_token', token);
    const page = (await getJson(base, `/api/2.0/mlflow/metrics/get-history?${q.toString()}`)) as {
      metrics?: Array<{ value: number }>;
      next_page_token?: string;
    };
    for (const m of page.metrics ?? []) values.add(m.value);
    token = page.next_page_token;
  } while (token);
  return values;
}

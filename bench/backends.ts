import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface BenchBackend {
  name: 'sqlite' | 'postgres';
  uri: string;
  dispose(): Promise<void>;
}

const PG_ADMIN =
  process.env.SLIPWAY_BENCH_PG_ADMIN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function sqliteBackend(workDir: string): BenchBackend {
  const dir = resolve(workDir, `sqlite-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return {
    name: 'sqlite',
    uri: `sqlite:${join(dir, 'slipway.db')}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresBackend(): Promise<BenchBackend> {
  const db = `slipway_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${db}`;
  return {
    name: 'postgres',
    uri: url.toString(),
    async dispose() {
      const a = new pg.Client({ connectionString: PG_ADMIN });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await a.end();
    },
  };
}

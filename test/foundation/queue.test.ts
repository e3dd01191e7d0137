import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BullQueue } from '../../backend/src/queue/bull-queue.js';
import { InProcessQueue } from '../../backend/src/queue/in-process-queue.js';
import type { JobQueue } from '../../backend/src/queue/job-queue.js';

declare module '../../backend/src/queue/job-queue.js' {
  interface JobMap {
    'test.record': { n: number };
  }
}

const quiet = { warn: () => undefined, error: () => undefined };
const implementations: Array<[string, (consume: boolean, prefix: string) => JobQueue]> = [['in-process', (consume) => new InProcessQueue(consume, quiet)]];
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL;
  implementations.push(['bull', (consume, prefix) => new BullQueue(url, prefix, consume)]);
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

afterAll(async () => {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL);
  const keys = await redis.keys('sytest_*');
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.each(implementations)('JobQueue contract: %s', (_kind, make) => {
  let prefix: string;
  const open: JobQueue[] = [];
  const create = (consume = true, start = true) => {
    const q = make(consume, prefix);
    open.push(q);
    if (start) q.start();
    return q;
  };
  beforeEach(() => {
    prefix = `sytest_q_${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it('runs every job with its payload', async () => {
    const sut = create();
    const seen: number[] = [];
    sut.process('test.record', async ({ n }) => void seen.push(n), { concurrency: 4 });
    await sut.addBulk(
      'test.record',
      [1, 2, 3, 4, 5].map((n) => ({ payload: { n } })),
    );
    await until(() => seen.length === 5);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('never runs more jobs at once than the concurrency', async () => {
    const sut = create();
    let running = 0;
    let peak = 0;
    let done = 0;
    sut.process(
      'test.record',
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        done++;
      },
      { concurrency: 3 },
    );
    await sut.addBulk(
      'test.record',
      Array.from({ length: 12 }, (_, n) => ({ payload: { n } })),
    );
    await until(() => done === 12);
    expect(peak).toBe(3);
  });

  it('retries a failing job with backoff and reports the attempt number', async () => {
    const sut = create();
    const attempts: Array<{ attempt: number; at: number }> = [];
    sut.process('test.record', async (_p, ctx) => {
      attempts.push({ attempt: ctx.attempt, at: Date.now() });
      if (ctx.attempt < 3) throw new Error('flaky');
    });
    await sut.add('test.record', { n: 1 }, { attempts: 3, backoff: { type: 'fixed', delayMs: 100 } });
    await until(() => attempts.length === 3);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(90);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(90);
  });

  it('gives up after the last attempt and counts the failure', async () => {
    const sut = create();
    let tries = 0;
    sut.process('test.record', async () => {
      tries++;
      throw new Error('always');
    });
    await sut.add('test.record', { n: 1 }, { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
    await until(() => tries === 2);
    let counts = await sut.counts('test.record');
    const end = Date.now() + 5000;
    while (counts.failed === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      counts = await sut.counts('test.record');
    }
    expect(counts.failed).toBe(1);
    expect(tries).toBe(2);
  });

  it('holds a delayed job until its time', async () => {
    const sut = create();
    let ranAt = 0;
    sut.process('test.record', async () => void (ranAt = Date.now()));
    const addedAt = Date.now();
    await sut.add('test.record', { n: 1 }, { delayMs: 300 });
    expect((await sut.counts('test.record')).delayed).toBe(1);
    await until(() => ranAt > 0);
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(280);
  });

  it('does not enqueue a job id twice while it is pending', async () => {
    const sut = create();
    const seen: number[] = [];
    await sut.add('test.record', { n: 1 }, { jobId: 'same', delayMs: 100 });
    await sut.add('test.record', { n: 2 }, { jobId: 'same', delayMs: 100 });
    sut.process('test.record', async ({ n }) => void seen.push(n));
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([1]);
  });

  it('does not consume jobs in a process whose role runs no workers', async () => {
    const producer = create(false);
    let ran = 0;
    producer.process('test.record', async () => void ran++);
    await producer.add('test.record', { n: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toBe(0);
    expect((await producer.counts('test.record')).waiting).toBe(1);
  });

  it('waits for running jobs when closed', async () => {
    const sut = create();
    let finished = false;
    let started = false;
    sut.process('test.record', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await sut.add('test.record', { n: 1 });
    await until(() => started);
    await sut.close();
    expect(finished).toBe(true);
  });

  it('takes no job before start(), however long it has waited, and every one after', async () => {
    const sut = create(true, false);
    const seen: number[] = [];
    sut.process('test.record', async ({ n }) => void seen.push(n), { concurrency: 2 });
    await sut.addBulk(
      'test.record',
      [1, 2, 3].map((n) => ({ payload: { n } })),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    sut.start();
    await until(() => seen.length === 3);
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  it('answers ping while open', async () => {
    await expect(create().ping()).resolves.toBeUndefined();
  });
});

if (process.env.REDIS_URL) {
  describe('Bull across processes', () => {
    it('hands jobs added by an api process to a worker process', async () => {
      const prefix = `sytest_x_${randomBytes(4).toString('hex')}`;
      const api = new BullQueue(process.env.REDIS_URL!, prefix, false);
      const worker = new BullQueue(process.env.REDIS_URL!, prefix, true);
      const seen: number[] = [];
      worker.process('test.record', async ({ n }) => void seen.push(n));
      worker.start();
      await api.addBulk('test.record', [{ payload: { n: 7 } }, { payload: { n: 8 } }]);
      await until(() => seen.length === 2);
      expect(seen.sort()).toEqual([7, 8]);
      await Promise.all([api.close(), worker.close()]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStream, formatEvent } from './event-stream.js';

function read(stream: EventStream): string {
  let text = '';
  for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) text += String(chunk);
  return text;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('EventStream', () => {
  it('writes events with one data line per line of data', () => {
    expect(formatEvent('stats', '{"a":1}')).toBe('event: stats\ndata: {"a":1}\n\n');
    expect(formatEvent('x', 'one\ntwo\r\nthree')).toBe(
      'event: x\ndata: one\ndata: two\ndata: three\n\n',
    );
  });

  it('sends heartbeat comments and clears its timer when the client goes away', () => {
    const onClose = vi.fn();
    const stream = new EventStream({ heartbeatMs: 1000, maxBufferedBytes: 1 << 20, onClose });
    expect(vi.getTimerCount()).toBe(1);
    stream.send('stats', '1');
    vi.advanceTimersByTime(2500);
    expect(read(stream)).toBe('event: stats\ndata: 1\n\n: heartbeat\n\n: heartbeat\n\n');
    stream.destroy();
    expect(vi.getTimerCount()).toBe(0);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(stream.send('stats', '2')).toBe(false);
    stream.finish();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('ends with a last event, clearing its timer, and calls onClose once', async () => {
    const onClose = vi.fn();
    const stream = new EventStream({ heartbeatMs: 1000, maxBufferedBytes: 1 << 20, onClose });
    const chunks: string[] = [];
    stream.on('data', (chunk) => chunks.push(String(chunk)));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.finish({ event: 'end', data: '{"error":{}}' });
    await ended;
    expect(chunks.join('')).toBe('event: end\ndata: {"error":{}}\n\n');
    expect(vi.getTimerCount()).toBe(0);
    stream.destroy();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('drops events while a client is not reading, and resumes when it catches up', () => {
    const stream = new EventStream({ heartbeatMs: 1000, maxBufferedBytes: 100, onClose() {} });
    const data = 'x'.repeat(60);
    expect(stream.send('stats', data)).toBe(true);
    expect(stream.send('stats', data)).toBe(true);
    expect(stream.send('stats', data)).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(read(stream).split('event: stats').length - 1).toBe(2);
    expect(stream.send('stats', data)).toBe(true);
    stream.destroy();
  });
});

import type { LogEvent } from '../../../shared/model/event';

/** One line saying what an event was, for lists, pins and the report. */
export function summarize(ev: LogEvent): string {
  if (ev.kind === 'http') return [ev.method, ev.url, ev.status].filter((x) => x !== undefined).join(' ');
  if (ev.kind === 'flow') {
    const port = ev.dstPort !== undefined ? `port ${ev.dstPort}` : '';
    return [ev.proto, port, ev.action].filter(Boolean).join(' ');
  }
  return ev.operation ?? ev.message ?? ev.action ?? '';
}

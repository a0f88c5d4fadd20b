import { QueryResponseSchema, type QueryCall } from '../../shared/contract/workers';
import type { EventDetail, EventFilter, EventPage, TopEntry } from '../../shared/query/types';
import type { Suspect } from '../../shared/query/analytics/suspects';
import type { AddressPivot, RelatedAddresses } from '../../shared/query/analytics/pivot';
import type { Histogram } from '../../shared/query/analytics/histogram';
import type { Exfiltration } from '../../shared/query/analytics/exfiltration';

/** Talks to the query worker; every view reads events through this. */
export class QueryClient {
  private readonly worker = new Worker(new URL('../workers/query.worker.ts', import.meta.url), { type: 'module', name: 'tidemark-query' });
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Milliseconds the engine took for the last answer. */
  lastMs = 0;

  constructor() {
    this.worker.onmessage = (e) => {
      const parsed = QueryResponseSchema.safeParse(e.data);
      if (!parsed.success) return;
      const r = parsed.data;
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ms !== undefined) this.lastMs = r.ms;
      if (r.ok) p.resolve(r.result);
      else p.reject(new Error(r.error ?? 'The query failed.'));
    };
  }

  /** Any query call, typed by the caller (the named methods below are the usual way in). */
  call<T>(caseId: string, call: QueryCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, caseId, call });
    });
  }

  invalidate(caseId: string) { return this.call<null>(caseId, { op: 'invalidate' }); }
  count(caseId: string, filter: EventFilter) { return this.call<number>(caseId, { op: 'count', filter }); }
  page(caseId: string, filter: EventFilter, offset: number, limit: number, descending = false) {
    return this.call<EventPage>(caseId, { op: 'page', filter, offset, limit, descending });
  }
  topAddresses(caseId: string, filter: EventFilter, side: 'src' | 'dst', by: 'events' | 'origBytes' | 'respBytes', n: number) {
    return this.call<TopEntry[]>(caseId, { op: 'topAddresses', filter, side, by, n });
  }
  detail(caseId: string, eventId: number) { return this.call<EventDetail | undefined>(caseId, { op: 'detail', eventId }); }
  /** Several events at once: their raw text is read from each source in one pass. */
  details(caseId: string, eventIds: number[]) { return this.call<Array<EventDetail | undefined>>(caseId, { op: 'details', eventIds }); }
  suspects(caseId: string) { return this.call<Suspect[]>(caseId, { op: 'suspects' }); }
  pivot(caseId: string, address: string) { return this.call<AddressPivot>(caseId, { op: 'pivot', address }); }
  related(caseId: string, address: string) { return this.call<RelatedAddresses>(caseId, { op: 'related', address }); }
  histogram(caseId: string, filter: EventFilter, maxBuckets = 160, bucketMs?: number) {
    return this.call<Histogram>(caseId, bucketMs === undefined
      ? { op: 'histogram', filter, maxBuckets }
      : { op: 'histogram', filter, maxBuckets, bucketMs });
  }
  exfiltration(caseId: string, maxBuckets = 120) { return this.call<Exfiltration>(caseId, { op: 'exfiltration', maxBuckets }); }
  setInternalRanges(caseId: string, ranges: string[]) { return this.call<null>(caseId, { op: 'setInternalRanges', ranges }); }
  span(caseId: string) { return this.call<{ from: number; to: number } | null>(caseId, { op: 'span' }); }
}

export const queryClient = new QueryClient();

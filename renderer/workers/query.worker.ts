import { QueryRequestSchema, type QueryCall } from '../../shared/contract/workers';
import { workerScope } from './scope';
import { QueryEngine } from '../../shared/query/engine';
import { CaseDb } from '../db/schema';
import { dexieSegmentStore } from '../db/segment-store';

/** Runs the query engine off the UI thread, one engine (and segment cache) per open case. */

const engines = new Map<string, QueryEngine>();

function engineFor(caseId: string): QueryEngine {
  let e = engines.get(caseId);
  if (!e) {
    e = new QueryEngine(dexieSegmentStore(new CaseDb(caseId)));
    engines.set(caseId, e);
  }
  return e;
}

async function run(engine: QueryEngine, call: QueryCall): Promise<unknown> {
  switch (call.op) {
    case 'invalidate': engine.invalidate(); return null;
    case 'count': return engine.count(call.filter);
    case 'page': return engine.page(call.filter, call.offset, call.limit, call.descending);
    case 'topAddresses': return engine.topAddresses(call.filter, call.side, call.by, call.n);
    case 'detail': return engine.detail(call.eventId);
  }
}

workerScope.onmessage = async (e: MessageEvent) => {
  const parsed = QueryRequestSchema.safeParse(e.data);
  if (!parsed.success) return;
  const { id, caseId, call } = parsed.data;
  const t0 = performance.now();
  try {
    const result = await run(engineFor(caseId), call);
    workerScope.postMessage({ id, ok: true, result, ms: performance.now() - t0 });
  } catch (err) {
    workerScope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};

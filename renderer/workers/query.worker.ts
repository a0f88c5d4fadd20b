import { QueryRequestSchema, type QueryCall } from '../../shared/contract/workers';
import { workerScope } from './scope';
import { QueryEngine } from '../../shared/query/engine';
import { CaseDb } from '../db/schema';
import { dexieSegmentStore } from '../db/segment-store';
import { suspects } from '../../shared/query/analytics/suspects';
import { addressPivot, relatedAddresses } from '../../shared/query/analytics/pivot';
import { caseSpan, histogram } from '../../shared/query/analytics/histogram';
import { exfiltration } from '../../shared/query/analytics/exfiltration';
import { rederive } from '../../shared/query/analytics/rederive';
import { AddressClassifier } from '../../shared/net/address';
import { EVENT_KINDS } from '../../shared/model/event';
import { packMinutes } from '../../shared/store/rollups';

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

async function run(caseId: string, engine: QueryEngine, call: QueryCall): Promise<unknown> {
  switch (call.op) {
    case 'invalidate': engine.invalidate(); return null;
    case 'count': return engine.count(call.filter);
    case 'page': return engine.page(call.filter, call.offset, call.limit, call.descending);
    case 'topAddresses': return engine.topAddresses(call.filter, call.side, call.by, call.n);
    case 'detail': return engine.detail(call.eventId);
    case 'details': return engine.details(call.eventIds);
    case 'suspects': return suspects(engine);
    case 'pivot': return addressPivot(engine, call.address);
    case 'related': return relatedAddresses(engine, call.address);
    case 'histogram': return histogram(engine, call.filter, call.maxBuckets, call.bucketMs);
    case 'exfiltration': return exfiltration(engine, call.maxBuckets);
    case 'span': return (await caseSpan(engine)) ?? null;
    case 'forgetAnswers':
      engine.forgetAnswers();
      if (call.saved) await engine.store.clearDerived();
      return null;
    case 'setInternalRanges': return applyInternalRanges(caseId, engine, call.ranges);
  }
}

workerScope.onmessage = async (e: MessageEvent) => {
  const parsed = QueryRequestSchema.safeParse(e.data);
  if (!parsed.success) return;
  const { id, caseId, call } = parsed.data;
  const t0 = performance.now();
  try {
    const result = await run(caseId, engineFor(caseId), call);
    workerScope.postMessage({ id, ok: true, result, ms: performance.now() - t0 });
  } catch (err) {
    workerScope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * Re-derives the case under its writer lock, so no import writes addresses or rollups at the
 * same time; the new ranges, addresses and rollups land in one transaction.
 */
async function applyInternalRanges(caseId: string, engine: QueryEngine, ranges: string[]): Promise<null> {
  const classifier = new AddressClassifier(ranges); // throws on a malformed range, before anything changes
  await navigator.locks.request(`tidemark-case-writer-${caseId}`, async () => {
    engine.invalidate();
    const { addresses, rollups } = await rederive(engine, classifier);
    const db = new CaseDb(caseId);
    try {
      await db.transaction('rw', [db.addresses, db.sourceRollups, db.meta], async () => {
        await db.addresses.bulkPut(addresses);
        // The whole case's minutes, re-derived: one record, under no single source.
        await db.sourceRollups.clear();
        await db.sourceRollups.put(packMinutes(0, rollups, EVENT_KINDS.length));
        await db.meta.put({ key: 'internalRanges', value: ranges });
      });
    } finally {
      db.close();
    }
    engine.invalidate();
  });
  return null;
}

import type { ImportOptions } from '../../shared/contract/import-options';
import type { ProducerMessage } from '../../shared/contract/ingest-port';
import type { EvidenceSource } from '../../shared/model/source';
import { WriterReportSchema } from '../../shared/contract/workers';
import { newId } from '../db/cases';
import type { HostBridge } from '../host/bridge';
import { queryClient } from './query-client';

/** How long after an import its background analyses wait (see `finished` below). */
const ANALYSES_AFTER_IMPORT_DELAY_MS = 2_000;

export type ImportProgress = Extract<ProducerMessage, { t: 'progress' }> & { storedEvents: number; perSource: Record<number, number> };

export interface ImportState {
  importId: string;
  caseId: string;
  status: 'running' | 'complete' | 'cancelled' | 'failed';
  startedAt: number;
  progress?: ImportProgress;
  /** Evidence rows of this import by id, as the writer reports them. */
  sources: Map<number, EvidenceSource>;
  error?: string;
  limit?: string;
}

type Listener = (state: ImportState) => void;

/**
 * Starts imports and follows them: asks the host for a producer port, hands it to the writer
 * worker, and publishes the writer's reports as one state object per import.
 */
export class ImportController {
  private readonly writer = new Worker(new URL('../workers/writer.worker.ts', import.meta.url), { type: 'module', name: 'tidemark-writer' });
  private readonly states = new Map<string, ImportState>();
  private readonly listeners = new Set<Listener>();
  private readonly finished = new Map<string, () => void>();

  constructor(private readonly host: HostBridge) {
    this.writer.onmessage = (e) => {
      const parsed = WriterReportSchema.safeParse(e.data);
      if (parsed.success) this.onWriter(parsed.data);
    };
  }

  /** The most recent import of a case, if one ran since the app started. */
  latest(caseId: string): ImportState | undefined {
    let found: ImportState | undefined;
    for (const s of this.states.values()) if (s.caseId === caseId) found = s;
    return found && { ...found, sources: new Map(found.sources) };
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async start(caseId: string, tokens: string[], options: ImportOptions): Promise<ImportState> {
    const importId = newId();
    const state: ImportState = { importId, caseId, status: 'running', startedAt: Date.now(), sources: new Map() };
    this.states.set(importId, state);
    this.publish(state);
    try {
      const { port, failure, originals } = await this.host.startImport(importId, tokens, options);
      this.writer.postMessage({ type: 'start', caseId, importId, options, originals }, [port]);
      void failure.then((reason) => this.writer.postMessage({ type: 'abort', importId, reason }));
    } catch (e) {
      state.status = 'failed';
      state.error = e instanceof Error ? e.message : String(e);
      this.publish(state);
    }
    return state;
  }

  /** Resolves when the writer has closed the import's books. */
  whenFinished(importId: string): Promise<void> {
    const s = this.states.get(importId);
    if (s && s.status !== 'running') return Promise.resolve();
    return new Promise((resolve) => this.finished.set(importId, resolve));
  }

  cancel(importId: string, sourceId?: number): void {
    this.writer.postMessage({ type: 'cancel', importId, sourceId });
  }

  private onWriter(r: WriterReport): void {
    const state = this.states.get(r.importId);
    if (!state) return;
    switch (r.type) {
      case 'source': state.sources.set(r.source.id, r.source); break;
      case 'progress': state.progress = { ...r.progress, storedEvents: r.storedEvents, perSource: r.perSource }; break;
      case 'done':
        state.status = r.status;
        state.error = r.error;
        state.limit = r.limit;
        break;
      case 'finished': {
        // Forget what the query worker knew of the case, then work out (and save) the suspects
        // and the exfiltration analysis in the background, so the views the responder opens
        // after an import answer at once, now and whenever the case is opened again. They
        // start after a pause: the responder's first question after an import gets the query
        // worker (and on a laptop, the cores) to itself. A view that needs them sooner asks.
        const { caseId } = state;
        void queryClient.invalidate(caseId)
          .then(() => new Promise((resolve) => setTimeout(resolve, ANALYSES_AFTER_IMPORT_DELAY_MS)))
          .then(() => queryClient.suspects(caseId))
          .then(() => queryClient.exfiltration(caseId))
          .catch(() => undefined);
        this.finished.get(r.importId)?.();
        this.finished.delete(r.importId);
        break;
      }
    }
    this.publish(state);
  }

  private publish(state: ImportState): void {
    const copy = { ...state, sources: new Map(state.sources) };
    for (const l of this.listeners) l(copy);
  }
}

type WriterReport = { importId: string } & (
  | { type: 'source'; source: EvidenceSource }
  | { type: 'progress'; progress: Extract<ProducerMessage, { t: 'progress' }>; storedEvents: number; perSource: Record<number, number> }
  | { type: 'done'; status: 'complete' | 'cancelled' | 'failed'; error?: string; limit?: string }
  | { type: 'finished' }
);

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LogEvent } from '../../../shared/model/event';
import type { EventFilter } from '../../../shared/query/types';
import { queryClient } from '../../services/query-client';
import { AddressLink } from '../common/AddressLink';
import { formatBytes, formatCount } from '../format';
import { usePrefs } from '../prefs';
import { summarize } from './summarize';

const PAGE = 200;
const ROW_HEIGHT = 30;

/**
 * Matching events in time order, virtualized: only the rows on screen exist in the page, and
 * they are fetched page by page from the query worker as the list scrolls, so a list of
 * millions scrolls like a list of hundreds. Arrow keys move, Enter opens.
 */
export function EventList({ caseId, filter, selectedId, onOpen, pinned }: {
  caseId: string;
  filter: EventFilter;
  selectedId: number | undefined;
  onOpen: (ev: LogEvent) => void;
  pinned: Set<number>;
}) {
  const { time, zoneLabel } = usePrefs();
  const key = JSON.stringify(filter);
  // The total is kept with the filter it answers, so a stale count never shows for a new filter.
  const [answer, setAnswer] = useState<{ key: string; total: number } | null>(null);
  const total = answer && answer.key === key ? answer.total : null;
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const pages = useRef(new Map<number, LogEvent[]>());
  const loading = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const currentKey = useRef(key);
  currentKey.current = key;

  useEffect(() => {
    let alive = true;
    pages.current = new Map();
    loading.current = new Set();
    setActive(0);
    setError(null);
    scroller.current?.scrollTo({ top: 0 });
    queryClient.page(caseId, filter, 0, PAGE).then(
      (p) => {
        if (!alive) return;
        pages.current.set(0, p.rows);
        setAnswer({ key, total: p.total });
        setVersion((v) => v + 1);
      },
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => { alive = false; };
    // `key` is the filter's content; `filter` itself is a new object on every render.
  }, [caseId, key]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 24,
  });
  const items = virtualizer.getVirtualItems();

  // Fetch the pages the visible rows fall in.
  useEffect(() => {
    if (!items.length || total === null) return;
    const first = Math.floor(items[0]!.index / PAGE);
    const last = Math.floor(items[items.length - 1]!.index / PAGE);
    for (let p = first; p <= last; p++) {
      if (pages.current.has(p) || loading.current.has(p)) continue;
      loading.current.add(p);
      const forKey = key;
      const forPages = pages.current;
      queryClient.page(caseId, filter, p * PAGE, PAGE).then(
        (res) => {
          // The filter may have changed while this page was on its way.
          if (currentKey.current !== forKey || pages.current !== forPages) return;
          pages.current.set(p, res.rows);
          loading.current.delete(p);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          loading.current.delete(p);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    }
  });

  const rowAt = (i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (total === null || total === 0) return;
    let next = active;
    if (e.key === 'ArrowDown') next = Math.min(total - 1, active + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, active - 1);
    else if (e.key === 'PageDown') next = Math.min(total - 1, active + 20);
    else if (e.key === 'PageUp') next = Math.max(0, active - 20);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = total - 1;
    else if (e.key === 'Enter') {
      const ev = rowAt(active);
      if (ev) onOpen(ev);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  return (
    <div className="event-list">
      <p className="summary" data-testid="events-total" data-total={total ?? ''}>
        {total === null ? 'Counting…' : `${formatCount(total)} events`}
        {total !== null && total > 0 && <span className="muted"> · ↑↓ to move, Enter to open</span>}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="grid-head" role="row">
        <span role="columnheader">Time ({zoneLabel})</span><span role="columnheader">Kind</span><span role="columnheader">Source</span>
        <span role="columnheader">Destination</span><span role="columnheader">What</span><span role="columnheader" className="num" title="Bytes sent by the source / by the destination">Sent src / dst</span>
      </div>
      <div
        ref={scroller}
        className="grid-body"
        tabIndex={0}
        role="grid"
        aria-label="Events"
        aria-rowcount={total ?? 0}
        onKeyDown={onKey}
        data-testid="events-table"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const ev = rowAt(item.index);
            const cls = ['grid-row', item.index === active ? 'active' : '', ev && ev.id === selectedId ? 'selected' : ''].join(' ');
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className={cls}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => { setActive(item.index); if (ev) onOpen(ev); }}
                data-testid={ev ? 'event-row' : 'event-row-loading'}
                data-event-id={ev?.id}
              >
                {ev ? (
                  <>
                    <span className="mono small nowrap">{ev.id !== undefined && pinned.has(ev.id) && <span className="pin-mark" title="Pinned" aria-label="Pinned" />}{time(ev.ts)}</span>
                    <span><span className={`kind ${ev.kind}`}>{ev.kind}</span></span>
                    <span className="small nowrap"><AddressLink caseId={caseId} address={ev.src} />{ev.srcPort !== undefined && <span className="muted mono">:{ev.srcPort}</span>}</span>
                    <span className="small nowrap"><AddressLink caseId={caseId} address={ev.dst} />{ev.dstPort !== undefined && <span className="muted mono">:{ev.dstPort}</span>}</span>
                    <span className="small ellipsis" title={summarize(ev)}>{summarize(ev)}</span>
                    <span className="num small nowrap">{formatBytes(ev.origBytes)} / {formatBytes(ev.respBytes)}</span>
                  </>
                ) : <span className="muted small">…</span>}
              </div>
            );
          })}
        </div>
        {total === 0 && <p className="muted empty">No events match these filters.</p>}
      </div>
    </div>
  );
}

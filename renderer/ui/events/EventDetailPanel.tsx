import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { EventDetail } from '../../../shared/query/types';
import { parseTags, pinEvent, unpinEvent, updatePin } from '../../db/state/pins';
import type { CaseDb } from '../../db/schema';
import { AddressLink } from '../common/AddressLink';
import { CopyButton } from '../CopyButton';
import { formatBytes } from '../format';
import { usePrefs } from '../prefs';
import { summarize } from './summarize';

const LABELS: Record<string, string> = {
  ts: 'Time', line: 'Line', kind: 'Kind', src: 'Source', srcPort: 'Source port', dst: 'Destination', dstPort: 'Destination port',
  proto: 'Protocol', action: 'Action', origBytes: 'Bytes sent by source', respBytes: 'Bytes sent by destination',
  method: 'Method', host: 'Host', url: 'URL', status: 'Status', ua: 'User agent', user: 'User', actor: 'Actor',
  operation: 'Operation', resource: 'Resource', message: 'Message',
};

/**
 * One event: its normalized fields, its raw text exactly as logged, and where it came from
 * (file, path inside the archive, line, SHA-256). Pin it for the report, tag and annotate it.
 */
export function EventDetailPanel({ caseId, db, detail, onClose }: { caseId: string; db: CaseDb; detail: EventDetail; onClose: () => void }) {
  const { event, raw, source } = detail;
  const { time, analyst } = usePrefs();
  const pin = useLiveQuery(() => (event.id === undefined ? undefined : db.pins.where('eventId').equals(event.id).first()), [db, event.id]);
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  // Fill the editors when a pin appears (or another event opens), not on every save: a save of
  // the tags must not wipe a note being typed.
  const filledFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!pin) { filledFor.current = undefined; return; }
    if (filledFor.current === pin.id) return;
    filledFor.current = pin.id;
    setTags(pin.tags.join(', '));
    setNote(pin.note);
  }, [pin]);

  const entries = Object.entries(event).filter(([k]) => k !== 'fields' && k !== 'id' && k !== 'sourceId');
  const id = event.id!;
  return (
    <aside className="detail card" data-testid="event-detail" aria-label="Event detail">
      <div className="row between">
        <h3>Event</h3>
        <div className="row gap">
          {pin ? (
            <button type="button" className="btn small" onClick={() => void unpinEvent(db, analyst, id)} data-testid="unpin-event">Unpin</button>
          ) : (
            <button
              type="button"
              className="btn small primary"
              data-testid="pin-event"
              onClick={() => void pinEvent(db, analyst, { eventId: id, ts: event.ts, sourceId: event.sourceId, line: event.line, summary: `${event.src ?? ''} ${summarize(event)}`.trim() })}
            >
              Pin for the report
            </button>
          )}
          <button type="button" className="btn ghost small" onClick={onClose} aria-label="Close event detail">✕</button>
        </div>
      </div>
      {pin && (
        <div className="pin-edit" data-testid="pin-editor">
          <label className="field">
            <span>Tags (comma-separated)</span>
            <input
              className="input" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="exploit, exfiltration"
              onBlur={() => void updatePin(db, analyst, id, { tags: parseTags(tags) })} data-testid="pin-tags"
            />
          </label>
          <label className="field">
            <span>Annotation</span>
            <textarea
              className="input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000}
              onBlur={() => void updatePin(db, analyst, id, { note })} data-testid="pin-note"
            />
          </label>
          <p className="small muted">Pinned by {pin.createdBy} at {time(pin.createdAt)}. Saved as you leave each field.</p>
        </div>
      )}
      <dl className="kv">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{LABELS[k] ?? k}</dt>
            <dd className="mono">
              {k === 'ts' ? time(v as number)
                : k === 'src' || k === 'dst' ? <AddressLink caseId={caseId} address={String(v)} />
                  : k === 'origBytes' || k === 'respBytes' ? `${formatBytes(v as number)} (${String(v)})`
                    : String(v)}
            </dd>
          </div>
        ))}
        {event.fields && Object.entries(event.fields).map(([k, v]) => (
          <div key={`f.${k}`}><dt className="muted">{k}</dt><dd className="mono">{v}</dd></div>
        ))}
      </dl>
      <h4 className="row between">Raw record <CopyButton text={raw} label="Copy raw record" /></h4>
      <pre className="raw block" data-testid="raw-text">{raw}</pre>
      <h4>Evidence</h4>
      <dl className="kv">
        <div><dt>File</dt><dd className="mono" data-testid="detail-path">{source?.path}</dd></div>
        <div><dt>Line</dt><dd className="mono" data-testid="detail-line">{event.line}</dd></div>
        <div><dt>SHA-256</dt><dd className="mono small">{source?.sha256}</dd></div>
        <div><dt>Format</dt><dd>{source?.format} (parser {source?.parserVersion})</dd></div>
        {source?.timeZone && <div><dt>Source zone</dt><dd>{source.timeZone}</dd></div>}
      </dl>
    </aside>
  );
}

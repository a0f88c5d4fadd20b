import { Gzip, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { Prng } from './prng';
import {
  ATTACKER, ATTACKER_UA, BROWSER_UAS, DECOY, DECOY_PATHS, DECOY_UA, EXPLOITS, INTERNAL_HOSTS, PAGES,
  REFERERS, SCANNER_UAS, SCAN_PATHS, WEB_SERVER, type ExploitKind,
} from './scenario';

/**
 * A deterministic incident archive: ordinary traffic to a web shop; one external address that
 * probes management ports, scans, exploits the application and pulls data out, while the web
 * server uploads to the same address; and a noisy but harmless uptime monitor as a decoy.
 * Output is byte-identical for the same options on every platform (fflate, fixed times, seeded
 * PRNG), and memory stays flat however many events are asked for.
 */
export const GENERATOR_VERSION = '1';

export interface GenerateOptions {
  /** Log records across all files, malformed ones included. At least 1,000. */
  events: number;
  seed?: number;
  /** Start of the story, epoch ms (default 2026-03-12T00:00:00Z). */
  start?: number;
  format?: 'archive' | 'access-log';
  /** Deflate level 0–9 (default 6). */
  level?: number;
  sink: (chunk: Uint8Array) => void | Promise<void>;
}

/** The options of the archive shipped as the app's demo case. */
export const SHIPPED_DEMO_OPTIONS = { events: 20_000, seed: 1337, format: 'archive', level: 6 } as const;

export interface DemoFileManifest {
  /** Path inside the zip (or the file name for an access-log run). */
  path: string;
  format: 'access-combined' | 'vpc-flow' | 'csv';
  /** Data records written, malformed included (header lines not counted). */
  records: number;
  malformed: number;
  /** 1-based line numbers of the malformed records in the decompressed file. */
  malformedLines: number[];
  tsMin: number;
  tsMax: number;
}

export interface DemoManifest {
  generator: string;
  version: string;
  seed: number;
  events: number;
  start: number;
  attacker: string;
  decoy: string;
  webServer: string;
  internalHosts: string[];
  files: DemoFileManifest[];
  expected: {
    /** Records that parse: events minus malformed. */
    importedEvents: number;
    rejectedRecords: number;
    attackerHttpRequests: number;
    attackerScanRequests: number;
    attackerExploitRequests: Record<ExploitKind, number>;
    attackerExfilRequests: number;
    /** respBytes of every access-log response to the attacker. */
    bytesLeftToAttackerHttp: number;
    /** origBytes of ACCEPTed flows from the web server to the attacker (uploads). */
    bytesLeftToAttackerFlow: number;
    /** The two above: every byte that left towards the attacker, by the design's direction rule. */
    bytesLeftToAttacker: number;
    firstAttackerEventTs: number;
    deniedFirewallFromAttacker: number;
    rejectedFlowsFromAttacker: number;
    uploadFlowsToAttacker: number;
  };
}

const DEFAULT_START = Date.UTC(2026, 2, 12, 0, 0, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CHUNK_CHARS = 1 << 20;

/** A time-ordered stream of records over the story's span. */
class Clock {
  constructor(private readonly start: number, private readonly span: number, private readonly n: number) {}
  at(i: number, jitter: number): number {
    return this.start + Math.floor((this.span * (i + jitter * 0.9)) / this.n);
  }
  index(fraction: number): number {
    return Math.floor(this.n * fraction);
  }
}

function clf(ms: number): string {
  const d = new Date(ms);
  const p = (v: number) => String(v).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** An ordinary external client: never the attacker's or the decoy's address. */
function clientAddress(rng: Prng, prefixes: readonly string[]): string {
  for (;;) {
    const a = `${rng.pick(prefixes)}${rng.int(2, 199)}`;
    if (a !== ATTACKER && a !== DECOY) return a;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Places `count` records of one kind evenly over [from, to) of a file, skipping taken slots. */
function place(plan: Map<number, string>, n: number, count: number, from: number, to: number, kind: string): void {
  for (let j = 0; j < count; j++) {
    let i = Math.floor(n * (from + ((to - from) * j) / count));
    while (plan.has(i) && i < n - 1) i++;
    plan.set(i, kind);
  }
}

class Writer {
  private parts: string[] = [];
  private size = 0;
  private readonly enc = new TextEncoder();
  constructor(private readonly out: (bytes: Uint8Array, final: boolean) => Promise<void>) {}
  async line(s: string): Promise<void> {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= CHUNK_CHARS) await this.flush(false);
  }
  async flush(final: boolean): Promise<void> {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.out(this.enc.encode(text), final);
  }
}

export async function generateIncident(options: GenerateOptions): Promise<DemoManifest> {
  const events = Math.floor(options.events);
  if (!(events >= 1000)) throw new Error('The demo generator needs at least 1,000 events.');
  const seed = options.seed ?? SHIPPED_DEMO_OPTIONS.seed;
  const start = options.start ?? DEFAULT_START;
  const level = (options.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  const rng = new Prng(seed);
  // Six hours of baseline plus time in proportion to volume: the attack sits at 50–66 %.
  const span = 6 * 3_600_000 + events * 50;
  const manifest: DemoManifest = {
    generator: 'tidemark-demo', version: GENERATOR_VERSION, seed, events, start,
    attacker: ATTACKER, decoy: DECOY, webServer: WEB_SERVER, internalHosts: [...INTERNAL_HOSTS], files: [],
    expected: {
      importedEvents: 0, rejectedRecords: 0, attackerHttpRequests: 0, attackerScanRequests: 0,
      attackerExploitRequests: { traversal: 0, sqli: 0, jndi: 0 }, attackerExfilRequests: 0,
      bytesLeftToAttackerHttp: 0, bytesLeftToAttackerFlow: 0, bytesLeftToAttacker: 0,
      firstAttackerEventTs: Number.POSITIVE_INFINITY, deniedFirewallFromAttacker: 0,
      rejectedFlowsFromAttacker: 0, uploadFlowsToAttacker: 0,
    },
  };
  const exp = manifest.expected;
  const attackerAt = (ts: number) => { if (ts < exp.firstAttackerEventTs) exp.firstAttackerEventTs = ts; };

  // ---- Access log ---------------------------------------------------------------------------
  const nAccess = options.format === 'access-log' ? events : Math.round(events * 0.7);
  const accessClock = new Clock(start, span, nAccess);
  const accessPlan = new Map<number, string>();
  const attackerLines = clamp(Math.round(nAccess * 0.004), 60, 40_000);
  const w0 = accessClock.index(0.55);
  for (let j = 0; j < attackerLines; j++) {
    const phase = j < attackerLines * 0.5 ? 'scan' : j < attackerLines * 0.7 ? `exploit:${j % EXPLOITS.length}` : 'exfil';
    accessPlan.set(w0 + j * 3, phase);
  }
  for (const i of [13, accessClock.index(0.4) + 2]) {
    let k = i;
    while (accessPlan.has(k)) k++;
    accessPlan.set(k, k === i && i === 13 ? 'bad:truncated' : 'bad:binary');
  }

  const accessLine = (i: number): { text: string; bad: boolean; ts: number } => {
    const ts = accessClock.at(i, rng.next());
    const when = clf(ts);
    const planned = accessPlan.get(i);
    if (planned?.startsWith('bad:')) {
      const text = planned === 'bad:truncated'
        ? `${clientAddress(rng, ['192.0.2.', '198.51.100.'])} - - [${when}] "GET /products/42 HTT`
        : '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 binary noise on the log';
      return { text, bad: true, ts };
    }
    if (planned) {
      attackerAt(Math.floor(ts / 1000) * 1000);
      exp.attackerHttpRequests++;
      let path: string, status: number, bytes: number, ua = ATTACKER_UA;
      if (planned === 'scan') {
        exp.attackerScanRequests++;
        path = rng.pick(SCAN_PATHS);
        status = 404;
        bytes = 153;
        ua = rng.pick(SCANNER_UAS);
      } else if (planned === 'exfil') {
        exp.attackerExfilRequests++;
        path = `/api/export?table=${rng.pick(['customers', 'orders', 'payment_methods'])}&page=${rng.int(1, 400)}`;
        status = 200;
        bytes = rng.int(2_000_000, 8_000_000);
      } else {
        const e = EXPLOITS[Number(planned.slice(8))]!;
        exp.attackerExploitRequests[e.kind]++;
        path = e.path;
        status = e.status;
        bytes = e.bytes;
        if (e.ua) ua = e.ua;
      }
      exp.bytesLeftToAttackerHttp += bytes;
      return { text: `${ATTACKER} - - [${when}] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "${ua}"`, bad: false, ts };
    }
    if (i % 17 === 5) {
      return { text: `${DECOY} - - [${when}] "GET ${rng.pick(DECOY_PATHS)} HTTP/1.1" 200 ${rng.int(120, 900)} "-" "${DECOY_UA}"`, bad: false, ts };
    }
    const client = clientAddress(rng, ['192.0.2.', '198.51.100.', '203.0.113.']);
    const [path, size] = rng.weighted(PAGES.map(([p, s, w]) => [[p, s] as const, w] as const));
    const roll = rng.next();
    const status = roll < 0.86 ? 200 : roll < 0.95 ? 304 : roll < 0.985 ? 404 : 500;
    const bytes = status === 200 ? Math.max(0, size + rng.int(-200, 200)) : status === 304 ? 0 : rng.int(150, 600);
    const method = path === '/login' && rng.next() < 0.4 ? 'POST' : 'GET';
    return { text: `${client} - - [${when}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "${rng.pick(REFERERS)}" "${rng.pick(BROWSER_UAS)}"`, bad: false, ts };
  };

  const writeAccess = async (from: number, to: number, path: string, out: Writer) => {
    const file: DemoFileManifest = { path, format: 'access-combined', records: 0, malformed: 0, malformedLines: [], tsMin: Infinity, tsMax: -Infinity };
    for (let i = from; i < to; i++) {
      const { text, bad, ts } = accessLine(i);
      file.records++;
      if (bad) { file.malformed++; file.malformedLines.push(i - from + 1); }
      else {
        // The log writes whole seconds.
        const sec = Math.floor(ts / 1000) * 1000;
        file.tsMin = Math.min(file.tsMin, sec);
        file.tsMax = Math.max(file.tsMax, sec);
      }
      await out.line(text);
    }
    await out.flush(true);
    manifest.files.push(file);
  };

  if (options.format === 'access-log') {
    const out = new Writer(async (bytes) => { await options.sink(bytes); });
    await writeAccess(0, nAccess, 'access.log', out);
    return finish(manifest);
  }

  // ---- The archive --------------------------------------------------------------------------
  const pending: Uint8Array[] = [];
  let zipError: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) zipError = err;
    else pending.push(data);
  });
  const drain = async () => {
    if (zipError) throw zipError;
    while (pending.length) await options.sink(pending.shift()!);
  };
  const mtime = new Date(start + span);
  const gzEntry = (path: string, member: string): Writer => {
    const entry = new ZipPassThrough(path);
    entry.mtime = mtime;
    zip.add(entry);
    const gz = new Gzip({ level, mtime: 0, filename: member }, (data, final) => entry.push(data, final));
    return new Writer(async (bytes, final) => { gz.push(bytes, final); await drain(); });
  };
  const deflateEntry = (path: string): Writer => {
    const entry = new ZipDeflate(path, { level });
    entry.mtime = mtime;
    zip.add(entry);
    return new Writer(async (bytes, final) => { entry.push(bytes, final); await drain(); });
  };

  const half = Math.floor(nAccess / 2);
  await writeAccess(0, half, 'web/access.log.1.gz', gzEntry('web/access.log.1.gz', 'access.log.1'));
  await writeAccess(half, nAccess, 'web/access.log.gz', gzEntry('web/access.log.gz', 'access.log'));

  // ---- VPC flow logs -------------------------------------------------------------------------
  const nFlow = Math.round(events * 0.25);
  const flowClock = new Clock(start, span, nFlow);
  const flowPlan = new Map<number, string>();
  place(flowPlan, nFlow, clamp(Math.round(nFlow * 0.001), 5, 2000), 0.5, 0.55, 'probe');
  place(flowPlan, nFlow, clamp(Math.round(nFlow * 0.002), 10, 5000), 0.55, 0.62, 'inbound');
  place(flowPlan, nFlow, clamp(Math.round(nFlow * 0.0008), 8, 2000), 0.6, 0.66, 'upload');
  place(flowPlan, nFlow, 1, 0.3, 0.31, 'bad');
  const flowOut = gzEntry('network/vpc-flow-logs.log.gz', 'vpc-flow-logs.log');
  const flowFile: DemoFileManifest = { path: 'network/vpc-flow-logs.log.gz', format: 'vpc-flow', records: 0, malformed: 0, malformedLines: [], tsMin: Infinity, tsMax: -Infinity };
  await flowOut.line('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
  const eni = 'eni-0a1b2c3d4e5f60718';
  const acct = '123456789012';
  for (let i = 0; i < nFlow; i++) {
    const ts = flowClock.at(i, rng.next());
    const s = Math.floor(ts / 1000);
    const e = s + rng.int(1, 60);
    const kind = flowPlan.get(i);
    const eph = rng.int(32768, 60999);
    let line: string;
    if (kind === 'bad') {
      line = `2 ${acct} ${eni} 192.0.2.44 ${WEB_SERVER} http ${443} 6 5 420 ${s} ${e} ACCEPT OK`;
      flowFile.malformed++;
      flowFile.malformedLines.push(i + 2);
    } else if (kind === 'probe') {
      attackerAt(s * 1000);
      exp.rejectedFlowsFromAttacker++;
      line = `2 ${acct} ${eni} ${ATTACKER} ${WEB_SERVER} ${eph} ${rng.pick([22, 3389, 5432, 6379])} 6 1 ${rng.int(40, 60)} ${s} ${e} REJECT OK`;
    } else if (kind === 'inbound') {
      attackerAt(s * 1000);
      line = `2 ${acct} ${eni} ${ATTACKER} ${WEB_SERVER} ${eph} 443 6 ${rng.int(5, 40)} ${rng.int(600, 9000)} ${s} ${e} ACCEPT OK`;
    } else if (kind === 'upload') {
      attackerAt(s * 1000);
      const bytes = rng.int(20_000_000, 60_000_000);
      exp.uploadFlowsToAttacker++;
      exp.bytesLeftToAttackerFlow += bytes;
      line = `2 ${acct} ${eni} ${WEB_SERVER} ${ATTACKER} ${eph} 443 6 ${Math.ceil(bytes / 1400)} ${bytes} ${s} ${e} ACCEPT OK`;
    } else {
      const roll = rng.next();
      const client = clientAddress(rng, ['192.0.2.', '198.51.100.']);
      if (roll < 0.4) line = `2 ${acct} ${eni} ${client} ${WEB_SERVER} ${eph} 443 6 ${rng.int(4, 30)} ${rng.int(400, 6000)} ${s} ${e} ACCEPT OK`;
      else if (roll < 0.75) line = `2 ${acct} ${eni} ${WEB_SERVER} ${client} 443 ${eph} 6 ${rng.int(4, 90)} ${rng.int(1000, 200_000)} ${s} ${e} ACCEPT OK`;
      else if (roll < 0.85) line = `2 ${acct} ${eni} ${rng.pick(INTERNAL_HOSTS.slice(1))} ${WEB_SERVER} ${eph} 5432 6 ${rng.int(4, 60)} ${rng.int(500, 50_000)} ${s} ${e} ACCEPT OK`;
      else if (roll < 0.93) line = `2 ${acct} ${eni} ${DECOY} ${WEB_SERVER} ${eph} 443 6 ${rng.int(3, 8)} ${rng.int(300, 900)} ${s} ${e} ACCEPT OK`;
      else line = `2 ${acct} ${eni} ${rng.pick(INTERNAL_HOSTS)} 192.0.2.${rng.int(50, 60)} ${eph} ${rng.pick([443, 53, 123])} ${rng.pick([6, 17])} ${rng.int(1, 20)} ${rng.int(80, 4000)} ${s} ${e} ACCEPT OK`;
    }
    flowFile.records++;
    if (kind !== 'bad') {
      flowFile.tsMin = Math.min(flowFile.tsMin, s * 1000);
      flowFile.tsMax = Math.max(flowFile.tsMax, s * 1000);
    }
    await flowOut.line(line);
  }
  await flowOut.flush(true);
  manifest.files.push(flowFile);

  // ---- Firewall export (CSV) -----------------------------------------------------------------
  // bytes_sent: bytes the source sent; bytes_received: bytes the source got back.
  const nFw = events - nAccess - nFlow;
  const fwClock = new Clock(start, span, nFw);
  const fwPlan = new Map<number, string>();
  place(fwPlan, nFw, clamp(Math.round(nFw * 0.01), 5, 2000), 0.5, 0.55, 'deny');
  place(fwPlan, nFw, 1, 0.7, 0.71, 'bad');
  const fwOut = deflateEntry('firewall/fw-export.csv');
  const fwFile: DemoFileManifest = { path: 'firewall/fw-export.csv', format: 'csv', records: 0, malformed: 0, malformedLines: [], tsMin: Infinity, tsMax: -Infinity };
  await fwOut.line('timestamp,src_ip,src_port,dst_ip,dst_port,protocol,action,bytes_sent,bytes_received,rule');
  for (let i = 0; i < nFw; i++) {
    const ts = fwClock.at(i, rng.next());
    const iso = new Date(ts).toISOString();
    const kind = fwPlan.get(i);
    const eph = rng.int(32768, 60999);
    let line: string;
    if (kind === 'bad') {
      line = `${iso},198.51.100.77,${eph},${WEB_SERVER},443,tcp,allow`;
      fwFile.malformed++;
      fwFile.malformedLines.push(i + 2);
    } else if (kind === 'deny') {
      attackerAt(ts);
      exp.deniedFirewallFromAttacker++;
      line = `${iso},${ATTACKER},${eph},${WEB_SERVER},${rng.pick([22, 23, 3389, 5900])},tcp,deny,0,0,block-inbound-mgmt`;
    } else if (rng.next() < 0.8) {
      const client = clientAddress(rng, ['192.0.2.', '198.51.100.']);
      line = `${iso},${client},${eph},${WEB_SERVER},443,tcp,allow,${rng.int(400, 3000)},${rng.int(1000, 100_000)},allow-web`;
    } else {
      line = `${iso},${rng.pick(INTERNAL_HOSTS)},${eph},192.0.2.53,53,udp,allow,${rng.int(60, 90)},${rng.int(80, 300)},allow-dns`;
    }
    fwFile.records++;
    if (kind !== 'bad') {
      fwFile.tsMin = Math.min(fwFile.tsMin, ts);
      fwFile.tsMax = Math.max(fwFile.tsMax, ts);
    }
    await fwOut.line(line);
  }
  await fwOut.flush(true);
  manifest.files.push(fwFile);

  zip.end();
  await drain();
  return finish(manifest);
}

function finish(m: DemoManifest): DemoManifest {
  const e = m.expected;
  e.rejectedRecords = m.files.reduce((n, f) => n + f.malformed, 0);
  e.importedEvents = m.events - e.rejectedRecords;
  e.bytesLeftToAttacker = e.bytesLeftToAttackerHttp + e.bytesLeftToAttackerFlow;
  return m;
}

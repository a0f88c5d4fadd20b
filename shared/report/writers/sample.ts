/**
 * A realistic, fully populated report input: the demo incident (the shipped demo archive,
 * `renderer/public/demo/tidemark-demo.zip`) as a responder would have worked it a day later.
 * The evidence rows, hashes, suspects, detections and exfiltration figures are what Tidemark
 * computes for that archive; pins, notes, checklist progress and people are made up but
 * plausible. Tests, the report preview and end-to-end checks use it.
 */

import { RULES, ruleById, type DetectionCategory } from '../../detect';
import { BAD_EXTERNAL_ADDRESS_PLAYBOOK } from '../../playbook/builtin';
import type { ReportChecklist, ReportDetection, ReportInput, StepState } from '../model';
import { regulatorDeadline } from '../regulator';

const ATTACKER = '203.0.113.66';
const WEB_SERVER = '10.0.1.20';
const ARCHIVE = 'tidemark-demo.zip';
/** 2026-03-12 00:00:00 UTC: the first record of the demo archive. */
const START = Date.UTC(2026, 2, 12, 0, 0, 0);
/** The attacker's first packet (a rejected SSH attempt in the VPC flow logs). */
const ATTACK_START = Date.UTC(2026, 2, 12, 3, 8, 20);
const LAST_EVENT = Date.UTC(2026, 2, 12, 6, 16, 39);
const DISCOVERED = Date.UTC(2026, 2, 12, 14, 3, 11);
const CASE_CREATED = Date.UTC(2026, 2, 12, 14, 20, 0);
const GENERATED = Date.UTC(2026, 2, 13, 9, 30, 0);
const BUCKET_MS = 5 * 60_000;
const ANALYST = 'Jo Alvarez';
const LEAD = 'Sam Okonkwo';

const ATTACKER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36';

/** Bytes out per 5-minute bucket from 00:00 UTC: the five charted destinations, then all others. */
const SERIES: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [0, 0, 5527, 0, 78654, 7433797], [0, 0, 0, 0, 184188, 7040400], [0, 0, 92589, 0, 42826, 7164363], [0, 0, 0, 0, 0, 7485776],
  [0, 0, 175387, 198290, 0, 7649558], [0, 0, 184174, 184288, 0, 6370535], [0, 184138, 0, 0, 0, 8507047], [0, 18140, 0, 154817, 185308, 9585026],
  [0, 0, 0, 153236, 0, 7336820], [0, 0, 0, 0, 0, 7293745], [0, 42966, 0, 0, 115331, 7996059], [0, 202999, 0, 0, 84168, 8327467],
  [0, 6107, 178522, 26760, 0, 8177648], [0, 146749, 0, 0, 0, 8097948], [0, 0, 0, 103002, 132605, 6275076], [0, 0, 0, 18158, 0, 7659984],
  [0, 0, 228, 9499, 0, 7283861], [0, 0, 14147, 0, 0, 7804275], [0, 0, 13982, 3036, 18548, 7393605], [0, 382548, 0, 0, 0, 5625777],
  [0, 76524, 0, 0, 0, 7201276], [0, 42732, 0, 3163, 184495, 6694025], [0, 189, 135120, 43007, 0, 7031748], [0, 0, 63318, 0, 43067, 7517587],
  [0, 0, 0, 0, 0, 7729525], [0, 14196, 0, 0, 184120, 7439567], [0, 0, 6084, 0, 0, 6496685], [0, 0, 184947, 42926, 0, 7623630],
  [0, 24573, 0, 168376, 0, 6874216], [0, 0, 0, 0, 90352, 5986797], [0, 18448, 79259, 0, 0, 7706338], [0, 0, 32369, 0, 0, 8082748],
  [0, 0, 9741, 0, 0, 6341814], [0, 76959, 180318, 0, 18290, 7273566], [0, 1212, 0, 0, 0, 6023959], [0, 184312, 0, 0, 0, 8263893],
  [0, 42908, 14023, 9930, 0, 6877530], [0, 305, 0, 0, 0, 7726476], [0, 0, 0, 0, 0, 8718039], [0, 0, 18189, 0, 0, 7438836],
  [0, 0, 31794, 0, 168, 7674435], [38593, 0, 184501, 0, 0, 8061637], [92494049, 18160, 9698, 0, 0, 6843856], [0, 11721, 0, 18243, 18275, 9577095],
  [0, 49855, 0, 0, 0, 9310092], [94918729, 0, 0, 0, 1125, 7733195], [103239813, 0, 69191, 81225, 3233, 6593152], [54560085, 74566, 0, 184499, 0, 6634001],
  [91195692, 28060, 0, 0, 0, 6895844], [55112939, 8447, 292691, 0, 0, 8656542], [0, 184350, 44047, 6006, 0, 6795860], [0, 117847, 0, 0, 0, 7934634],
  [0, 553, 0, 0, 0, 7354625], [0, 0, 0, 1208, 184176, 7950093], [0, 0, 18295, 0, 7103, 6953881], [0, 4250, 0, 0, 0, 7332343],
  [0, 0, 0, 0, 0, 6779197], [0, 0, 18252, 51576, 0, 7806803], [0, 66893, 6965, 0, 0, 7541692], [0, 0, 13812, 9261, 70369, 7158862],
  [0, 0, 0, 0, 3338, 6457778], [0, 188876, 0, 0, 3278, 7586127], [0, 0, 42770, 194154, 184309, 5408868], [0, 0, 0, 18255, 0, 7203395],
  [0, 3080, 0, 0, 0, 8593322], [0, 0, 18377, 18122, 0, 7851066], [0, 439, 18192, 184172, 18097, 7548594], [0, 0, 0, 83729, 0, 7364812],
  [0, 0, 9888, 0, 0, 7535148], [0, 35686, 0, 3208, 177713, 7849496], [0, 114034, 0, 0, 56575, 4438067], [0, 85227, 0, 0, 173997, 6905431],
  [0, 0, 202683, 170058, 18337, 7522143], [0, 0, 0, 184276, 0, 7848637], [0, 0, 0, 0, 9747, 7911067], [0, 0, 0, 0, 0, 3029392],
];

/** Where the responders had got to with the built-in playbook. */
const PROGRESS: Record<string, { state: StepState; reason?: string; notes?: string; by?: string; at?: number; evidence?: ReportChecklist['steps'][number]['evidence'] }> = {
  'inv-identify-sources': {
    state: 'done', by: ANALYST, at: Date.UTC(2026, 2, 12, 15, 2, 0),
    notes: `One external address stands out: ${ATTACKER}, score 86, with exploit attempts, scanner user agents and 468.8 MiB sent to it.\nThe next suspects score 5 and below (ordinary clients that hit a few missing pages).`,
    evidence: [
      { kind: 'view', label: 'Suspects', ref: 'suspects' },
      { kind: 'indicator', label: ATTACKER, ref: ATTACKER },
    ],
  },
  'inv-check-reputation': {
    state: 'done', by: ANALYST, at: Date.UTC(2026, 2, 12, 15, 40, 0),
    notes: 'Listed by two commercial feeds as a scanning and exploitation host since February. Hosting provider, no business relationship with us.',
    evidence: [{ kind: 'indicator', label: `${ATTACKER} (attacker)`, ref: ATTACKER }],
  },
  'inv-review-requests': {
    state: 'done', by: ANALYST, at: Date.UTC(2026, 2, 12, 17, 15, 0),
    notes: 'Path traversal read /etc/passwd and the database configuration (HTTP 200). An always-true SQL condition on /api/orders returned 48,390 bytes.\n\nFrom 03:30 the address pulled /api/export pages (customers, orders, payment_methods), then the web server pushed eight large uploads to it over HTTPS.',
    evidence: [
      { kind: 'pin', label: 'Traversal reads /etc/passwd', ref: 'event 131868' },
      { kind: 'pin', label: 'First export request', ref: 'event 131898' },
      { kind: 'pin', label: 'Largest upload, 58.2 MB', ref: 'event 199682' },
      { kind: 'view', label: 'Exfiltration', ref: 'exfiltration' },
    ],
  },
  'inv-check-vulnerability': {
    state: 'in-progress', by: LEAD, at: Date.UTC(2026, 2, 13, 8, 10, 0),
    notes: 'The shop runs release 4.2.1 of the storefront; the download handler does not normalise paths (vendor advisory pending). Log4j version still being confirmed with the platform team.',
  },
  'inv-assess-controls': {
    state: 'in-progress', by: LEAD, at: Date.UTC(2026, 2, 13, 8, 25, 0),
    notes: 'The security group blocked SSH and database ports (15 rejected connections), but outbound HTTPS from the web tier is open to any address.',
  },
  'inv-decide-deeper-assessment': { state: 'todo' },
  'res-block-addresses': {
    state: 'done', by: LEAD, at: Date.UTC(2026, 2, 12, 15, 55, 0),
    notes: 'Denied in both directions in the web tier security group and the network ACL.',
    evidence: [{ kind: 'indicator', label: `${ATTACKER} blocked`, ref: ATTACKER }],
  },
  'res-assess-exposure': {
    state: 'in-progress', by: ANALYST, at: Date.UTC(2026, 2, 13, 9, 5, 0),
    notes: 'Export pages map to 10 customers in the first pass; the list is loaded and the regulator draft started.',
    evidence: [
      { kind: 'view', label: 'Affected parties', ref: 'affected-parties' },
      { kind: 'view', label: 'Regulator notification', ref: 'regulator' },
    ],
  },
  'res-patch': { state: 'todo' },
  'res-reassess': { state: 'todo' },
  'res-add-controls': {
    state: 'not-applicable', by: LEAD, at: Date.UTC(2026, 2, 13, 8, 40, 0),
    reason: 'Tracked as a separate change (egress filtering for the web tier), outside this incident.',
  },
};

const SUSPECT_RULES: ReadonlyArray<readonly [string, number]> = [
  ['scanner-ua-sqlmap', 13], ['scanner-ua-nuclei', 9], ['scanner-ua-nmap', 8], ['traversal-dot-dot-slash', 5],
  ['jndi-lookup', 4], ['traversal-unix-file', 4], ['sqli-tautology', 1], ['sqli-union-select', 1],
  ['sqli-time-delay', 1], ['sqli-stacked-query', 1],
];

function detection(address: string, ruleId: string, requests: number): ReportDetection {
  const rule = ruleById(ruleId);
  return { address, ruleId, name: rule?.name ?? ruleId, category: (rule?.category ?? 'scanner-ua') as DetectionCategory, requests };
}

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 2, 12, h, m, s);

/** The sample report. A new object each call, so a test may change it freely. */
export function sampleReportInput(): ReportInput {
  const deadline = regulatorDeadline(DISCOVERED, GENERATED);
  const partyCategories = [
    'date of birth', 'delivery notes', 'email address', 'IP address', 'name', 'order history',
    'password hash', 'payment card (last 4 digits)', 'phone number', 'postal address',
  ];
  return {
    schemaVersion: 1,
    generatedAt: GENERATED,
    generatedBy: `${ANALYST} (incident response)`,
    tool: { name: 'Tidemark', version: '0.9.0' },
    timeZone: 'UTC',
    case: { id: 'case-2026-03-12-shop', name: 'Shop web server breach, 12 March 2026', createdAt: CASE_CREATED },
    summary: {
      narrative:
        `In the early hours of 12 March 2026 an outside host, ${ATTACKER}, probed the shop's web server (${WEB_SERVER}) with scanning tools, ` +
        'then exploited a path traversal flaw in the download handler and an SQL injection in the orders API.\n\n' +
        'Using what it learned, it pulled customer, order and payment-method exports through the API and then had the web server upload ' +
        'about 400 MB more to it over HTTPS. The address was blocked at 15:55 UTC the same day; nothing from it appears after 03:52 UTC.',
      firstEvent: START,
      lastEvent: LAST_EVENT,
      attackStart: ATTACK_START,
      attackers: [ATTACKER],
      exfiltratedBytes: 491_559_900,
      exfiltratedTo: [{ address: ATTACKER, bytes: 491_559_900 }],
      totalEvents: 19_996,
      totalSources: 4,
      rejectedRecords: 4,
    },
    evidence: [
      {
        id: 3, path: `${ARCHIVE}!/web/access.log.1.gz!/access.log.1`, bytes: 1_530_137,
        sha256: '8b09410a6575811cfc12544c87ad44caff2f6d4a653d3167c60ea5f503ab88a2',
        format: 'access-combined', parserVersion: '1', tsMin: START, tsMax: Date.UTC(2026, 2, 12, 3, 8, 19),
        events: 6_998, rejected: 2, zoneless: 0, timeZone: 'UTC', status: 'complete',
      },
      {
        id: 5, path: `${ARCHIVE}!/web/access.log.gz!/access.log`, bytes: 1_532_342,
        sha256: 'eaaa97535eb0f942a98662eb0683a3c350184ed4c8be6c51346be0519eab41f8',
        format: 'access-combined', parserVersion: '1', tsMin: Date.UTC(2026, 2, 12, 3, 8, 21), tsMax: LAST_EVENT,
        events: 7_000, rejected: 0, zoneless: 0, timeZone: 'UTC', status: 'complete',
      },
      {
        id: 7, path: `${ARCHIVE}!/network/vpc-flow-logs.log.gz!/vpc-flow-logs.log`, bytes: 560_061,
        sha256: '0d033f6b340fdf686f0a77322533a3999122e528e88924a6c8c2099db90e88c2',
        format: 'vpc-flow', parserVersion: '1', tsMin: START, tsMax: Date.UTC(2026, 2, 12, 6, 16, 35),
        events: 4_999, rejected: 1, zoneless: 0, timeZone: 'UTC', status: 'complete',
      },
      {
        id: 8, path: `${ARCHIVE}!/firewall/fw-export.csv`, bytes: 87_447,
        sha256: 'f5f5632f131c779e82638e821ddd17b74d8e11edbb0398228f0ff89306ec8137',
        format: 'csv', parserVersion: '1', tsMin: Date.UTC(2026, 2, 12, 0, 0, 18, 457), tsMax: Date.UTC(2026, 2, 12, 6, 16, 34, 554),
        events: 999, rejected: 1, zoneless: 0, timeZone: 'UTC', status: 'complete',
      },
    ],
    pinned: [
      {
        eventId: 199_107, ts: ATTACK_START, kind: 'flow',
        summary: `REJECT tcp ${ATTACKER}:52940 → ${WEB_SERVER}:22, 59 bytes`,
        src: ATTACKER, dst: WEB_SERVER, sourcePath: `${ARCHIVE}!/network/vpc-flow-logs.log.gz!/vpc-flow-logs.log`, line: 2502,
        raw: `2 123456789012 eni-0a1b2c3d4e5f60718 ${ATTACKER} ${WEB_SERVER} 52940 22 6 1 59 1773284900 1773284914 REJECT OK`,
        tags: ['first-contact'], note: 'First packet from the attacker: SSH, rejected by the security group.',
        pinnedBy: ANALYST, pinnedAt: Date.UTC(2026, 2, 12, 14, 52, 0),
      },
      {
        eventId: 131_868, ts: at(3, 29, 46), kind: 'http',
        summary: 'GET /download?file=../../../../etc/passwd → 200, 2,847 bytes',
        src: ATTACKER, dst: null, sourcePath: `${ARCHIVE}!/web/access.log.gz!/access.log`, line: 797,
        raw: `${ATTACKER} - - [12/Mar/2026:03:29:46 +0000] "GET /download?file=../../../../etc/passwd HTTP/1.1" 200 2847 "-" "${ATTACKER_UA}"`,
        tags: ['exploit', 'traversal'], note: 'Path traversal answered 200: the server returned /etc/passwd.',
        pinnedBy: ANALYST, pinnedAt: Date.UTC(2026, 2, 12, 15, 10, 0),
      },
      {
        eventId: 131_877, ts: at(3, 30, 0), kind: 'http',
        summary: "GET /api/orders?id=1'%20OR%201=1-- → 200, 48,390 bytes",
        src: ATTACKER, dst: null, sourcePath: `${ARCHIVE}!/web/access.log.gz!/access.log`, line: 806,
        raw: `${ATTACKER} - - [12/Mar/2026:03:30:00 +0000] "GET /api/orders?id=1'%20OR%201=1-- HTTP/1.1" 200 48390 "-" "${ATTACKER_UA}"`,
        tags: ['exploit', 'sqli'], note: 'Always-true condition; the response is five times a normal orders page.',
        pinnedBy: ANALYST, pinnedAt: Date.UTC(2026, 2, 12, 15, 14, 0),
      },
      {
        eventId: 131_898, ts: at(3, 30, 33), kind: 'http',
        summary: 'GET /api/export?table=orders&page=1 → 200, 5,851,886 bytes',
        src: ATTACKER, dst: null, sourcePath: `${ARCHIVE}!/web/access.log.gz!/access.log`, line: 827,
        raw: `${ATTACKER} - - [12/Mar/2026:03:30:33 +0000] "GET /api/export?table=orders&page=1 HTTP/1.1" 200 5851886 "-" "${ATTACKER_UA}"`,
        tags: ['exfiltration'], note: 'First of 18 export requests (customers, orders, payment_methods).',
        pinnedBy: ANALYST, pinnedAt: Date.UTC(2026, 2, 12, 15, 20, 0),
      },
      {
        eventId: 199_682, ts: at(3, 51, 42), kind: 'flow',
        summary: `ACCEPT tcp ${WEB_SERVER}:45373 → ${ATTACKER}:443, 58,237,405 bytes`,
        src: WEB_SERVER, dst: ATTACKER, sourcePath: `${ARCHIVE}!/network/vpc-flow-logs.log.gz!/vpc-flow-logs.log`, line: 3077,
        raw: `2 123456789012 eni-0a1b2c3d4e5f60718 ${WEB_SERVER} ${ATTACKER} 45373 443 6 41599 58237405 1773287502 1773287508 ACCEPT OK`,
        tags: ['exfiltration', 'largest-transfer'],
        note: 'The largest single transfer: the web server itself uploaded 58 MB to the attacker.\nEight uploads like this one between 03:46 and 03:52.',
        pinnedBy: LEAD, pinnedAt: Date.UTC(2026, 2, 12, 16, 2, 0),
      },
    ],
    indicators: [
      {
        value: ATTACKER, type: 'ipv4', label: 'Attacker: exploitation and exfiltration',
        note: 'Listed by two reputation feeds as a scanning host. Blocked in the security group and the network ACL.',
        blocked: true, firstSeen: ATTACK_START, lastSeen: at(3, 52, 28), events: 93, bytesOut: 491_559_900,
      },
      {
        value: '203.0.113.0/24', type: 'cidr', label: "Attacker's network",
        note: 'Watched, not blocked: no other address of this block appears in the evidence.',
        blocked: false, firstSeen: ATTACK_START, lastSeen: at(3, 52, 28), events: 93, bytesOut: 491_559_900,
      },
    ],
    suspects: [
      {
        address: ATTACKER, score: 86,
        parts: [
          { label: 'Web-exploit attempts', points: 33.5, detail: '12 requests matched exploit rules (Parent directory sequence, JNDI lookup (Log4Shell), Sensitive Unix file)' },
          { label: 'Scanner tool', points: 10, detail: '30 requests with a scanner user agent' },
          { label: 'Scanning', points: 9.2, detail: '23 distinct paths, 53% answered 4xx (30 not found)' },
          { label: 'Data sent to it', points: 23.8, detail: '468.8 MiB left the network to this address (536× a typical address)' },
          { label: 'Denied connections', points: 9.8, detail: '15 connections refused by a firewall or security group' },
        ],
      },
      { address: '192.0.2.100', score: 5, parts: [{ label: 'Scanning', points: 4.6, detail: '10 distinct paths, 27% answered 4xx (6 not found)' }] },
      { address: '198.51.100.159', score: 4, parts: [{ label: 'Scanning', points: 4.1, detail: '11 distinct paths, 24% answered 4xx (5 not found)' }] },
      { address: '198.51.100.200', score: 0, parts: [] },
      { address: '192.0.2.53', score: 0, parts: [] },
    ],
    detections: SUSPECT_RULES.map(([id, n]) => detection(ATTACKER, id, n)),
    exfiltration: {
      totalOut: 1_059_203_505,
      destinations: [
        { address: ATTACKER, bytesOut: 491_559_900, events: 93 },
        { address: '198.51.100.39', bytesOut: 2_458_049, events: 54 },
        { address: '198.51.100.44', bytesOut: 2_369_080, events: 47 },
        { address: '192.0.2.96', bytesOut: 2_326_480, events: 43 },
        { address: '198.51.100.9', bytesOut: 2_291_792, events: 43 },
        { address: '198.51.100.128', bytesOut: 2_288_263, events: 43 },
        { address: '192.0.2.152', bytesOut: 2_267_403, events: 44 },
        { address: '192.0.2.150', bytesOut: 2_047_527, events: 33 },
        { address: '192.0.2.104', bytesOut: 1_995_369, events: 31 },
        { address: '192.0.2.84', bytesOut: 1_944_138, events: 32 },
      ],
      charted: [ATTACKER, '198.51.100.39', '198.51.100.44', '192.0.2.96', '198.51.100.9'],
      bucketMs: BUCKET_MS,
      series: SERIES.map(([a, b, c, d, e, other], i) => ({ t: START + i * BUCKET_MS, values: [a, b, c, d, e], other })),
      baseline: {
        pivotTs: ATTACK_START, pivotReason: `first event of ${ATTACKER}, the top suspect`,
        beforePerHour: 89_772_857.20353982, afterPerHour: 247_694_405.16024384, beforeBytes: 281_787_024, afterBytes: 777_416_481,
      },
    },
    checklists: [
      {
        playbookId: BAD_EXTERNAL_ADDRESS_PLAYBOOK.id,
        title: BAD_EXTERNAL_ADDRESS_PLAYBOOK.title,
        steps: BAD_EXTERNAL_ADDRESS_PLAYBOOK.steps.map((step) => {
          const p = PROGRESS[step.id] ?? { state: 'todo' as const };
          return {
            id: step.id, phase: step.phase, title: step.title, guidance: step.guidance, answers: [...(step.answers ?? [])],
            state: p.state, reason: p.reason ?? '', notes: p.notes ?? '', evidence: (p.evidence ?? []).map((e) => ({ ...e })),
            updatedBy: p.by ?? null, updatedAt: p.at ?? null,
          };
        }),
      },
    ],
    parties: { count: 10, records: 1_321, categories: partyCategories },
    regulator: {
      nature:
        'An outside attacker exploited two flaws in our online shop (path traversal and SQL injection) on 12 March 2026 between 03:08 and 03:52 UTC ' +
        'and copied customer, order and payment-method records from the shop database.',
      categoriesOfPeople: ['customers'],
      approxPeople: 10,
      categoriesOfRecords: partyCategories,
      approxRecords: 1_321,
      likelyConsequences: 'Targeted phishing using order details; attempts to reuse password hashes if they can be cracked. Card numbers were not stored in full.',
      measuresTaken: 'The attacking address was blocked on 12 March at 15:55 UTC. The download handler was disabled and the orders API put behind authentication.',
      measuresProposed: '',
      contactPoint: 'Data Protection Officer, dpo@shop.example.com, +44 20 7946 0000',
      discoveredAt: DISCOVERED,
      gaps: [
        '1 of 10 listed parties have no record count; the number of records counts only the others.',
        'Describe the likely consequences and the measures proposed.',
      ],
      deadline: deadline.deadline,
      hoursLeft: deadline.hoursLeft,
      overdue: deadline.overdue,
    },
    methods: {
      internalRanges: ['2001:db8:a100::/48'],
      alwaysInternal:
        'Private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10), ' +
        'unique-local (fc00::/7), carrier-grade NAT (100.64.0.0/10) and unspecified (0.0.0.0, ::) addresses.',
      direction:
        "Zeek's convention: the source initiated, the destination responded. Bytes that left are the bytes the internal side sent to an " +
        'external peer. A record naming only one address (an access log names the client) was written by our own server, so its missing side counts as internal.',
      scoring:
        'Each external address gets points for web-exploit attempts (up to 40), data sent to it (up to 30), scanning (up to 20), ' +
        'scanner user agents (10), denied connections (up to 10) and request bursts (up to 8); the score is their sum.',
      detectionRules: RULES.map((r) => ({ id: r.id, name: r.name, category: r.category, description: r.description })),
      timeZones: 'Times are shown in UTC. Every source was read in UTC; no source had timestamps without a zone.',
    },
    audit: [
      { at: CASE_CREATED, by: ANALYST, entity: 'case', action: 'created', detail: 'Shop web server breach, 12 March 2026' },
      { at: Date.UTC(2026, 2, 12, 14, 21, 5), by: ANALYST, entity: 'import', action: 'started', detail: `${ARCHIVE} (308,646 bytes)` },
      { at: Date.UTC(2026, 2, 12, 14, 21, 7), by: ANALYST, entity: 'import', action: 'completed', detail: '4 sources, 19,996 events, 4 rejected records' },
      { at: Date.UTC(2026, 2, 12, 14, 52, 0), by: ANALYST, entity: 'pin', action: 'pinned', detail: 'event 199107 (first contact)' },
      { at: Date.UTC(2026, 2, 12, 15, 2, 0), by: ANALYST, entity: 'checklist', action: 'step done', detail: 'inv-identify-sources' },
      { at: Date.UTC(2026, 2, 12, 15, 5, 0), by: ANALYST, entity: 'indicator', action: 'added', detail: ATTACKER },
      { at: Date.UTC(2026, 2, 12, 15, 10, 0), by: ANALYST, entity: 'pin', action: 'pinned', detail: 'event 131868 (traversal)' },
      { at: Date.UTC(2026, 2, 12, 15, 14, 0), by: ANALYST, entity: 'pin', action: 'pinned', detail: 'event 131877 (sqli)' },
      { at: Date.UTC(2026, 2, 12, 15, 20, 0), by: ANALYST, entity: 'pin', action: 'pinned', detail: 'event 131898 (first export)' },
      { at: Date.UTC(2026, 2, 12, 15, 40, 0), by: ANALYST, entity: 'checklist', action: 'step done', detail: 'inv-check-reputation' },
      { at: Date.UTC(2026, 2, 12, 15, 55, 0), by: LEAD, entity: 'indicator', action: 'blocked', detail: `${ATTACKER}: security group and network ACL` },
      { at: Date.UTC(2026, 2, 12, 16, 2, 0), by: LEAD, entity: 'pin', action: 'pinned', detail: 'event 199682 (largest upload)' },
      { at: Date.UTC(2026, 2, 12, 16, 30, 0), by: LEAD, entity: 'indicator', action: 'added', detail: '203.0.113.0/24' },
      { at: Date.UTC(2026, 2, 12, 17, 15, 0), by: ANALYST, entity: 'checklist', action: 'step done', detail: 'inv-review-requests' },
      { at: Date.UTC(2026, 2, 13, 8, 40, 0), by: LEAD, entity: 'checklist', action: 'step not applicable', detail: 'res-add-controls' },
      { at: Date.UTC(2026, 2, 13, 8, 58, 0), by: ANALYST, entity: 'parties', action: 'imported', detail: 'affected-parties.csv: 10 parties, 1,321 records' },
      { at: Date.UTC(2026, 2, 13, 9, 5, 0), by: ANALYST, entity: 'regulator', action: 'draft saved', detail: 'discovered 2026-03-12 14:03:11 UTC' },
    ],
    auditTotal: 17,
  };
}

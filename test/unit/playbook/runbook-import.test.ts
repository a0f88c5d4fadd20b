import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importRunbook, inferAnswers, shortTitle } from '../../../shared/playbook/runbook-import';
import { parsePlaybook } from '../../../shared/playbook/schema';

const fixtures = join(__dirname, '../../fixtures/runbooks');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function importError(text: string): string {
  try {
    importRunbook(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected importRunbook to throw');
}

describe('runbook import: vendor page copied as plain text', () => {
  const playbook = importRunbook(read('vendor-runbook.txt'), { source: 'Example Security docs' });
  const investigation = playbook.steps.filter((s) => s.phase === 'investigation');
  const resolution = playbook.steps.filter((s) => s.phase === 'resolution');

  test('finds the six investigation and five resolution steps, nothing else', () => {
    expect(investigation).toHaveLength(6);
    expect(resolution).toHaveLength(5);
    expect(playbook.steps.map((s) => s.id)).toEqual([
      'inv-1', 'inv-2', 'inv-3', 'inv-4', 'inv-5', 'inv-6',
      'res-1', 'res-2', 'res-3', 'res-4', 'res-5',
    ]);
    // The bullets and the footer's "Related alerts" list are not steps.
    const all = playbook.steps.map((s) => s.guidance).join(' ');
    expect(all).not.toMatch(/flooding|Outbound connection|listening port|helpful/);
  });

  test('takes the title and summary from the page, skipping its chrome', () => {
    expect(playbook.title).toBe('Suspicious Outside Address Reached an Exposed Web Service');
    expect(playbook.id).toBe('suspicious-outside-address-reached-an-exposed-web-service');
    expect(playbook.summary).toMatch(/^This detection fires when .* an attempt at one\.$/);
    expect(playbook.source).toBe('Example Security docs');
    expect(parsePlaybook(playbook)).toEqual(playbook);
  });

  test('titles are short forms; guidance is the whole item', () => {
    expect(investigation.map((s) => s.title)).toEqual([
      'Search the service and host logs for the source IP address of the remote client',
      'Find out whether the address has a record of hostile behaviour',
      "Go through the service's logs for signs of unauthorized access",
      "Compare the service's version and settings with published advisories",
      'Review the wider defences of the host and network',
      'Think about commissioning a broader security review or penetration test',
    ]);
    expect(resolution.map((s) => s.title)).toEqual([
      'Disconnect the remote IP address from the exposed service straight away',
      'Check whether data was compromised or exfiltrated during the incident',
      'Upgrade or patch the exposed service to close the flaws that were used',
      'Run a full security review or penetration test of the host and its surroundings',
      'Strengthen the defences with further controls',
    ]);
    for (const step of playbook.steps) expect(step.title.length).toBeLessThanOrEqual(80);
    expect(investigation[1]?.guidance).toBe(
      'Find out whether the address has a record of hostile behaviour. Threat intelligence feeds, IP reputation lists and geolocation lookups all help here.',
    );
  });

  test('infers which views answer each step', () => {
    const answers = playbook.steps.map((s) => s.answers ?? []);
    expect(answers).toEqual([
      ['suspects', 'detections', 'timeline'],
      ['reputation'],
      ['detections', 'exfiltration', 'timeline'],
      [],
      [],
      [],
      ['suspects', 'block-rules', 'indicators'],
      ['exfiltration', 'affected-parties', 'regulator'],
      [],
      [],
      [],
    ]);
    // A step with nothing to link has no `answers` field at all.
    expect(playbook.steps[3]).not.toHaveProperty('answers');
  });

  test('Windows line endings and a caller-chosen id', () => {
    const crlf = importRunbook(read('vendor-runbook.txt').replace(/\n/g, '\r\n'), { id: 'outside-address' });
    expect(crlf.id).toBe('outside-address');
    expect(crlf.steps).toEqual(playbook.steps);
    expect(() => importRunbook(read('vendor-runbook.txt'), { id: 'Not An Id' })).toThrow(/id must be lower-case/);
  });
});

describe('runbook import: Markdown', () => {
  const playbook = importRunbook(read('vendor-runbook.md'));

  test('reads headings, 1) lists, wrapped and lazy lines, and strips inline markup', () => {
    expect(playbook.title).toBe('Brute-force login against the admin portal');
    // Front matter and the breadcrumb line are skipped; the wrapped paragraph is joined and unmarked.
    expect(playbook.summary).toBe(
      'An external host made many failed sign-in attempts against the admin portal, followed by a success. ' +
        'Treat it as a possible account takeover until shown otherwise.',
    );
    expect(playbook.steps.map((s) => [s.id, s.title])).toEqual([
      ['inv-1', "Pull the portal's authentication logs for the alert window"],
      ['inv-2', 'Look the addresses up in threat intelligence and geolocation data'],
      ['inv-3', 'Review what the account did after the successful login'],
      ['res-1', 'Block the offending addresses at the edge firewall'],
      ['res-2', 'Notify the affected customers and the data protection regulator'],
      ['res-3', 'Turn on multi-factor authentication for every admin account'],
    ]);
    expect(playbook.steps[1]?.guidance).toBe(
      'Look the addresses up in threat intelligence and geolocation data; note whether they belong to a hosting provider or a residential range.',
    );
    // An indented paragraph after a blank line still belongs to its item.
    expect(playbook.steps[2]?.guidance).toMatch(/new API keys\. Keep a copy of the session records as evidence/);
    expect(playbook.steps[4]?.guidance).toBe(
      'If personal data was exported, notify the affected customers and the data protection regulator within the required time.',
    );
  });

  test('infers answers from the Markdown items', () => {
    expect(playbook.steps.map((s) => s.answers ?? [])).toEqual([
      ['suspects', 'detections', 'timeline'],
      ['reputation'],
      ['exfiltration', 'evidence'],
      ['block-rules', 'indicators'],
      ['exfiltration', 'affected-parties', 'regulator'],
      [],
    ]);
  });

  test('"1." numbering, ### headings and bold section lines work too', () => {
    const text = [
      '# Port scan from the internet',
      '',
      'Someone swept our address range for open ports.',
      '',
      '### Investigation',
      '',
      '1. List the source addresses and the ports they touched.',
      '1. Check their reputation in threat intelligence.',
      '',
      '**Resolution:**',
      '',
      '1. Block the sources at the perimeter.',
    ].join('\n');
    const p = importRunbook(text);
    expect(p.steps.map((s) => `${s.phase}:${s.title}`)).toEqual([
      'investigation:List the source addresses and the ports they touched',
      'investigation:Check their reputation in threat intelligence',
      'resolution:Block the sources at the perimeter',
    ]);
  });
});

describe('runbook import: errors', () => {
  test('text without any numbered lists', () => {
    const message = importError('A title\n\nSome prose about an alert.\n\nMore prose, still no steps.\n');
    expect(message).toMatch(/^No Investigation or Resolution list found/);
    expect(message).toContain('"Investigation" followed by a numbered list');
  });

  test('headings without numbered steps under them', () => {
    expect(importError('Title\n\nInvestigation\n\nLook around.\n\nResolution\n\nFix it.\n')).toMatch(
      /^No numbered steps found under the Investigation or Resolution headings/,
    );
  });

  test('numbered items outside any section', () => {
    expect(importError('Title\n\n1. Do one thing\n2. Do another\n')).toMatch(
      /^Found 2 numbered items but no "Investigation" or "Resolution" section/,
    );
  });

  test('one phase without the other', () => {
    expect(importError('Title\n\nInvestigation\n\n1. Read the logs\n2. Check the sources\n')).toMatch(
      /^Found 2 investigation steps but no Resolution list: it has no "Resolution" line or heading/,
    );
    expect(importError('Title\n\nInvestigation\n\nNone.\n\nResolution\n\n1. Block it\n')).toMatch(
      /^Found 1 resolution step but no Investigation list: its "Investigation" heading has no numbered items/,
    );
  });
});

describe('runbook import: helpers', () => {
  test('shortTitle keeps short sentences and cuts long ones on a phrase', () => {
    expect(shortTitle('Reset the password.')).toBe('Reset the password');
    expect(shortTitle('Rotate the keys, then audit their use.')).toBe('Rotate the keys, then audit their use');
    expect(
      shortTitle(
        'Review the logs of the vulnerable application to determine if any unauthorized access or suspicious activity occurred.',
      ),
    ).toBe('Review the logs of the vulnerable application');
    expect(
      shortTitle('Put further protection in front of the service such as firewalls, proxies, intrusion prevention and stronger sign-in.'),
    ).toBe('Put further protection in front of the service');
    expect(shortTitle('If customer data left the network, tell the customers affected and record when you did.')).toBe(
      'Tell the customers affected and record when you did',
    );
    expect(shortTitle('Check the hosts (e.g. web and database servers) for unexpected accounts. Remove them.')).toBe(
      'Check the hosts (e.g. web and database servers) for unexpected accounts',
    );
  });

  test('inferAnswers maps keywords to views', () => {
    expect(inferAnswers('Identify the source IP address')).toEqual(['suspects']);
    expect(inferAnswers('Check geolocation and threat intelligence')).toEqual(['reputation']);
    expect(inferAnswers('Review the requests in the logs')).toEqual(['detections', 'timeline']);
    expect(inferAnswers('Was data exfiltrated?')).toEqual(['exfiltration']);
    expect(inferAnswers('Block the address')).toEqual(['block-rules', 'indicators']);
    expect(inferAnswers('Notify the affected parties')).toEqual(['affected-parties', 'regulator']);
    expect(inferAnswers('Patch the application')).toEqual([]);
  });
});

import type { Playbook } from './schema';

/**
 * Built-in playbook for the alert "bad external address connected to a vulnerable application":
 * a host outside the organisation, whose address may be malicious, reached an application with a
 * known weakness. The steps follow the vendor runbook for that alert, reworded for Tidemark and
 * linked to the views that answer them.
 */
export const BAD_EXTERNAL_ADDRESS_PLAYBOOK: Playbook = {
  format: 'tidemark-playbook',
  version: 1,
  id: 'bad-external-address-vulnerable-app',
  title: 'Bad external address connected to a vulnerable application',
  summary:
    'A host outside the organisation, possibly a hostile one, reached an application that has a known ' +
    'weakness. It may have been trying to exploit it, knock it over, or map it for a later attack. ' +
    'Find out who connected, what they did and what left, then shut them out and close the hole.',
  source: 'Built into Tidemark; follows the vendor runbook for the alert "Bad External Client IP Address Connection To Vulnerable Application".',
  steps: [
    {
      id: 'inv-identify-sources',
      phase: 'investigation',
      title: 'Identify the external source addresses',
      guidance:
        'List every outside address that reached the application around the alert, with when it first and ' +
        'last appeared and how much it exchanged. These suspects are what the rest of the investigation follows.',
      answers: ['suspects'],
    },
    {
      id: 'inv-check-reputation',
      phase: 'investigation',
      title: "Check the addresses' reputation and location",
      guidance:
        'Look each suspect up in threat-intelligence feeds, reputation lists and geolocation data. A known ' +
        'scanner, botnet member or an origin with no business reason to reach you raises the priority; record ' +
        'what you confirm as indicators.',
      answers: ['reputation', 'indicators'],
    },
    {
      id: 'inv-review-requests',
      phase: 'investigation',
      title: 'Look for exploitation and unusual transfers',
      guidance:
        'Read what each suspect sent to the application: exploit payloads, odd paths or commands, failed then ' +
        'successful logins. Compare the bytes that went back out with normal traffic, because a large or ' +
        'unexpected transfer after an attempt suggests it worked.',
      answers: ['detections', 'exfiltration', 'timeline'],
    },
    {
      id: 'inv-check-vulnerability',
      phase: 'investigation',
      title: "Check the application's version and configuration",
      guidance:
        'Establish exactly which version and settings were exposed and compare them with published advisories. ' +
        'That tells you whether the requests you found could have succeeded and what an attacker would have gained.',
    },
    {
      id: 'inv-assess-controls',
      phase: 'investigation',
      title: 'Assess the controls around the application',
      guidance:
        'Check whether the firewalls, intrusion detection and prevention, access control and authentication in ' +
        'front of the application were in place and working when the connections arrived. A control that ' +
        'should have stopped this traffic and did not is a finding of its own.',
    },
    {
      id: 'inv-decide-deeper-assessment',
      phase: 'investigation',
      title: 'Decide on a deeper assessment or penetration test',
      guidance:
        'If the application or its surroundings look weaker than this one alert shows, arrange a fuller security ' +
        'assessment or a penetration test, and note the decision and its reason in the case.',
    },
    {
      id: 'res-block-addresses',
      phase: 'resolution',
      title: 'Cut the addresses off',
      guidance:
        'Block the suspect addresses in both directions at the host firewall, security group or network ACL in ' +
        'front of the application, so the attacker can neither return nor receive more data. Keep the blocked ' +
        'indicators with the case.',
      answers: ['block-rules', 'indicators'],
    },
    {
      id: 'res-assess-exposure',
      phase: 'resolution',
      title: 'Establish what was exposed and who must be told',
      guidance:
        'Work out from the logs which data the attacker could reach and how much of it left. If personal or ' +
        'customer data was taken, tell the people affected and check whether a regulator must be notified, and by when.',
      answers: ['exfiltration', 'affected-parties', 'regulator'],
    },
    {
      id: 'res-patch',
      phase: 'resolution',
      title: 'Patch or mitigate the vulnerability',
      guidance:
        "Move the application to a fixed version or, until that is possible, apply the vendor's workaround or " +
        'switch off the vulnerable feature. Confirm the fix is in place before opening access again.',
    },
    {
      id: 'res-reassess',
      phase: 'resolution',
      title: 'Reassess the system',
      guidance:
        'Once it is fixed, scan or test the system and its environment again to confirm this weakness is closed ' +
        'and to find the next one an attacker would try.',
    },
    {
      id: 'res-add-controls',
      phase: 'resolution',
      title: 'Add the missing controls',
      guidance:
        'Close the gaps the investigation exposed: tighten firewall rules, tune intrusion detection and ' +
        'prevention, narrow who can reach the application and require stronger authentication.',
    },
  ],
};

/** Every playbook that ships with Tidemark. */
export const BUILTIN_PLAYBOOKS: readonly Playbook[] = [BAD_EXTERNAL_ADDRESS_PLAYBOOK];

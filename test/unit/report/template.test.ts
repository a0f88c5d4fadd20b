import { describe, expect, test } from 'vitest';
import {
  DEFAULT_LETTER_TEMPLATE,
  escapeMarkdown,
  formatDate,
  placeholdersOf,
  renderTemplate,
  type TemplateContext,
} from '../../../shared/report/template';

const DISCOVERED = Date.UTC(2026, 2, 12, 14, 3, 11);

function context(party: Partial<TemplateContext['party']> = {}): TemplateContext {
  return {
    incident: {
      name: 'Harbour breach',
      organisation: 'Example Shipping Ltd',
      discoveredAt: DISCOVERED,
      summary: 'An attacker used a stolen password to copy part of our customer database.',
      attackerAddresses: ['203.0.113.7', '198.51.100.3'],
      exfiltratedBytes: 1234567,
      contact: 'privacy@example.com',
      measures: 'We reset every password and blocked the addresses involved.',
    },
    party: {
      name: 'Amara Okafor',
      contact: 'amara.okafor@example.com',
      categories: ['name', 'email address'],
      records: 12345,
      fields: { policy_number: 'P-778', 'Customer ID': 'C-10041', region: 'EMEA' },
      ...party,
    },
  };
}

describe('placeholders and filters', () => {
  test('dot paths, with or without spaces', () => {
    const r = renderTemplate('Dear {{party.name}}, from {{ incident.organisation }}.', context(), 'text');
    expect(r).toEqual({ output: 'Dear Amara Okafor, from Example Shipping Ltd.', missing: [] });
  });

  test('fields by header; a template identifier finds a header with spaces or capitals', () => {
    const r = renderTemplate('{{ party.fields.policy_number }} {{ party.fields.customer_id }} {{ party.fields.Region }}', context(), 'text');
    expect(r.output).toBe('P-778 C-10041 EMEA');
  });

  test('number: thousands separators (en-US)', () => {
    expect(renderTemplate('{{ party.records | number }} / {{ incident.exfiltratedBytes|number }}', context(), 'text').output).toBe('12,345 / 1,234,567');
    expect(renderTemplate('{{ party.records }}', context(), 'text').output).toBe('12345');
  });

  test('date: YYYY-MM-DD HH:mm UTC, from epoch ms or ISO text', () => {
    expect(renderTemplate('{{ incident.discoveredAt | date }}', context(), 'text').output).toBe('2026-03-12 14:03 UTC');
    expect(formatDate(Date.UTC(999, 0, 2, 3, 4))).toBe('0999-01-02 03:04 UTC');
    const c = context({ fields: { when: '2026-03-01T23:59:59+02:00' } });
    expect(renderTemplate('{{ party.fields.when | date }}', c, 'text').output).toBe('2026-03-01 21:59 UTC');
    // Not a time: left as it is.
    expect(renderTemplate('{{ party.name | date }}', c, 'text').output).toBe('Amara Okafor');
  });

  test('upper and list, chained', () => {
    expect(renderTemplate('{{ party.categories | list }}', context(), 'text').output).toBe('name, email address');
    expect(renderTemplate('{{ party.categories | upper | list }}', context(), 'text').output).toBe('NAME, EMAIL ADDRESS');
    expect(renderTemplate('{{ incident.attackerAddresses }}', context(), 'text').output).toBe('203.0.113.7, 198.51.100.3');
    expect(renderTemplate('{{ incident.attackerAddresses.1 }}', context(), 'text').output).toBe('198.51.100.3');
  });

  test('placeholdersOf lists distinct paths in order, without filters', () => {
    expect(placeholdersOf('{{ a.b }} {{a.b|upper}} {{ c | list | upper }} {{ not valid! }} {{x}}')).toEqual(['a.b', 'c', 'x']);
    expect(placeholdersOf(DEFAULT_LETTER_TEMPLATE)).toEqual([
      'party.name',
      'incident.organisation',
      'incident.summary',
      'incident.discoveredAt',
      'party.categories',
      'incident.measures',
      'incident.contact',
    ]);
  });
});

describe('missing and malformed placeholders', () => {
  test('unknown paths render as [missing: path] and are listed once', () => {
    const r = renderTemplate('{{ party.nickname }} {{ party.fields.nope }} {{ party.nickname | upper }} {{ incident.startedAt | date }}', context(), 'text');
    expect(r.output).toBe('[missing: party.nickname] [missing: party.fields.nope] [missing: party.nickname] [missing: incident.startedAt]');
    expect(r.missing).toEqual(['party.nickname', 'party.fields.nope', 'incident.startedAt']);
  });

  test('null records and whole objects are not printable values', () => {
    const r = renderTemplate('{{ party.records | number }} {{ party }} {{ party.fields }}', context({ records: null }), 'text');
    expect(r.missing).toEqual(['party.records', 'party', 'party.fields']);
  });

  test('no way out of the context: prototype and constructor are not reachable', () => {
    const r = renderTemplate('{{ party.constructor }} {{ party.__proto__ }} {{ party.name.length }} {{ incident.attackerAddresses.length }}', context(), 'text');
    expect(r.output).toBe('[missing: party.constructor] [missing: party.__proto__] [missing: party.name.length] [missing: incident.attackerAddresses.length]');
  });

  test('no expressions and no unknown filters', () => {
    const r = renderTemplate('{{ 1 + 1 }} {{ party.name | shout }} {{ party.name() }} {{ }}', context(), 'text');
    expect(r.output).toBe('[not a placeholder: 1 + 1] [unknown filter: shout] [not a placeholder: party.name()] [not a placeholder: ]');
    expect(r.missing).toEqual(['1 + 1', 'party.name | shout', 'party.name()', '']);
  });

  test('unbalanced braces are just text', () => {
    expect(renderTemplate('{{ party.name', context(), 'text').output).toBe('{{ party.name');
    expect(renderTemplate('a } b {', context(), 'text').output).toBe('a } b {');
  });
});

describe('hostile values', () => {
  const hostileName = '<script>alert("x")</script> [click](javascript:alert(1)) {{ incident.summary }}';

  test('a placeholder inside a value is not expanded again', () => {
    for (const target of ['text', 'markdown', 'html'] as const) {
      const r = renderTemplate('Dear {{ party.name }}', context({ name: '{{ incident.contact }} {{party.name}}' }), target);
      expect(r.output).not.toContain('privacy@example.com');
      expect(r.missing).toEqual([]);
    }
    expect(renderTemplate('{{ party.name }}', context({ name: '{{party.name}}' }), 'text').output).toBe('{{party.name}}');
  });

  test('html: value and template escaped, no tag or attribute survives', () => {
    const r = renderTemplate('<b>Dear</b> {{ party.name }} & "friends"', context({ name: hostileName }), 'html');
    expect(r.output).toBe(
      '<p>&lt;b&gt;Dear&lt;/b&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [click](javascript:alert(1)) {{ incident.summary }} &amp; &quot;friends&quot;</p>',
    );
    expect(renderTemplate("{{ party.name }}", context({ name: `O'Brien" onmouseover="x` }), 'html').output).toBe('<p>O&#39;Brien&quot; onmouseover=&quot;x</p>');
  });

  test('html: paragraphs at blank lines, <br> at single newlines, values included', () => {
    const r = renderTemplate('Dear {{ party.name }},\n\nLine one\nline two\n\n\nEnd', context({ name: 'A\nB' }), 'html');
    expect(r.output).toBe('<p>Dear A<br>\nB,</p>\n<p>Line one<br>\nline two</p>\n<p>End</p>');
  });

  test('markdown: a hostile name cannot become a link, an image, HTML or emphasis', () => {
    const r = renderTemplate('Dear **{{ party.name }}**', context({ name: hostileName }), 'markdown');
    expect(r.output).toBe(
      'Dear **\\<script\\>alert("x")\\</script\\> \\[click\\](javascript:alert(1)) {{ incident.summary }}**',
    );
    expect(escapeMarkdown('![img](http://x/y.png)')).toBe('\\!\\[img\\](http://x/y.png)');
    expect(escapeMarkdown('*a* _b_ `c` ~~d~~ a|b &amp; \\')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ a\\|b \\&amp; \\\\');
  });

  test('markdown: block syntax at the start of any line of a value is escaped', () => {
    expect(escapeMarkdown('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdown('- item\n+ item\n  * item\n1. one\n22) two\n> quote\n===')).toBe(
      '\\- item\n\\+ item\n  \\* item\n1\\. one\n22\\) two\n\\> quote\n\\===',
    );
    // Mid-line they are harmless and stay readable.
    expect(escapeMarkdown('well-known 2.5 a+b')).toBe('well-known 2.5 a+b');
  });

  test('markdown: the template text itself is passed through', () => {
    const r = renderTemplate('# Notice\n\n- {{ party.name }}', context({ name: '1. _x_' }), 'markdown');
    expect(r.output).toBe('# Notice\n\n- 1\\. \\_x\\_');
  });

  test('text: values inserted as written, control characters dropped', () => {
    const r = renderTemplate('Dear {{ party.name }}', context({ name: '<b>Zoë</b>\u0007\u001b[31m\r\nnext\tline' }), 'text');
    expect(r.output).toBe('Dear <b>Zoë</b>[31m\nnext\tline');
  });
});

describe('the default letter', () => {
  test('renders completely from a full context in every target', () => {
    for (const target of ['text', 'markdown', 'html'] as const) {
      const r = renderTemplate(DEFAULT_LETTER_TEMPLATE, context(), target);
      expect(r.missing).toEqual([]);
      expect(r.output).toContain('2026-03-12 14:03 UTC');
      expect(r.output).toContain('privacy@example.com');
      expect(r.output).not.toContain('{{');
    }
    const text = renderTemplate(DEFAULT_LETTER_TEMPLATE, context(), 'text').output;
    expect(text.startsWith('Dear Amara Okafor,\n')).toBe(true);
    expect(text).toContain('name, email address');
    const html = renderTemplate(DEFAULT_LETTER_TEMPLATE, context(), 'html').output;
    expect(html.startsWith('<p>Dear Amara Okafor,</p>')).toBe(true);
  });
});

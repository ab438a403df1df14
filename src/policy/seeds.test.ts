import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPreset, PRESET_NAMES } from './load.ts';
import type { Policy } from './schema.ts';

/**
 * The presets quote the two seed documents (DESIGN.md: "The two policy documents in ../shared/seeds/
 * are the specification"). These tests check every quotation word for word against the documents, so
 * a paraphrase cannot pass for the policy's own words. The documents ship with the presets
 * (policies/sources/), copied from the specification; where the specification's folder is present the copies
 * must be identical to it.
 */

const sourceDir = join(import.meta.dirname, '..', '..', 'policies', 'sources');
const specDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seedFiles: Record<string, string> = {
  'Incident Management Policy': 'incident-management-policy.txt',
  'Incident Response Plan': 'incident-response-plan.md',
};

// Where the specification's own folder is beside the repository (the engineers' machines), the shipped
// copies must be identical to it; a clone elsewhere has nothing to compare with.
if (existsSync(specDir))
  test('the seed documents shipped with the presets are word for word the specification', () => {
    for (const file of Object.values(seedFiles))
      assert.equal(
        readFileSync(join(sourceDir, file), 'utf8'),
        readFileSync(join(specDir, file), 'utf8'),
        file,
      );
  });

/** Line breaks and runs of spaces in the documents (and folded YAML) are not part of the wording. */
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const seeds = new Map<string, string>();
function seed(document: string): string {
  const file = seedFiles[document];
  assert.ok(file, `unknown seed document "${document}"`);
  let text = seeds.get(document);
  if (text === undefined) {
    text = normalize(readFileSync(join(sourceDir, file), 'utf8'));
    seeds.set(document, text);
  }
  return text;
}

function assertQuoted(document: string, text: string, where: string): void {
  assert.ok(
    seed(document).includes(normalize(text)),
    `${where}: not found word for word in ${document}: "${text}"`,
  );
}

type Source = { document: string; section?: string; quote?: string };
/** Every `source` in the policy with the path where it sits. */
function* sources(value: unknown, path: string): Generator<[string, Source]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* sources(item, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, item] of Object.entries(value)) {
      if (k === 'source') yield [path, item as Source];
      else yield* sources(item, `${path}.${k}`);
    }
  }
}

const IRP = 'Incident Response Plan';
const IMP = 'Incident Management Policy';

describe('presets quote the seed documents word for word', () => {
  for (const name of PRESET_NAMES) {
    test(`${name}: every rule cites its document, section and words`, () => {
      let count = 0;
      for (const [path, source] of sources(loadPreset(name), name)) {
        assert.ok(source.section, `${path}: source names its section`);
        assert.ok(source.quote, `${path}: source quotes the document`);
        assertQuoted(source.document, source.quote, path);
        count++;
      }
      assert.ok(count >= 30, `${name} cites the seeds (${count} sources)`);
    });
  }

  const withPlan: Policy[] = [loadPreset('incident-response-plan'), loadPreset('default')];
  const withPolicy: Policy[] = [loadPreset('incident-management-policy'), loadPreset('default')];

  test("severity definitions, examples and escalations are the plan's words", () => {
    for (const p of [...withPlan, loadPreset('incident-management-policy')]) {
      for (const s of p.severities) {
        assertQuoted(IRP, s.definition, `${p.metadata.name} ${s.key} definition`);
        for (const e of s.examples) assertQuoted(IRP, e, `${p.metadata.name} ${s.key} example`);
        if (s.escalationSummary)
          assertQuoted(IRP, s.escalationSummary, `${p.metadata.name} ${s.key} escalation`);
      }
    }
  });

  test("the meeting agenda is the plan's", () => {
    for (const p of withPlan)
      for (const item of p.meetings[0]?.agenda ?? []) assertQuoted(IRP, `- ${item}`, 'agenda');
  });

  test("the review questions are the policy's", () => {
    for (const p of withPolicy) {
      assert.equal(p.reviewQuestions.length, 14);
      for (const q of p.reviewQuestions) assertQuoted(IMP, `• ${q.text}`, q.id);
    }
  });

  test('the collection form is Appendix B', () => {
    // The two places the form is not copied character for character, and why.
    const adapted: Record<string, string> = {
      'Backup of Affected System(s)': 'Backup of Affected System(s', // the plan's closing parenthesis is missing
      'Type of Incident - Other:': 'Unauthorized Access _ Other:', // the "Other:" line of the choices
    };
    for (const p of withPlan) {
      const form = p.collectionForm;
      assert.ok(form);
      assertQuoted(IRP, `Appendix B – ${form.title}`, 'form title');
      for (const section of form.sections) {
        assertQuoted(IRP, adapted[section.title] ?? section.title, section.id);
        for (const f of section.fields) {
          assertQuoted(IRP, adapted[f.label] ?? f.label, f.id);
          for (const o of f.options ?? []) assertQuoted(IRP, `_ ${o}`, `${f.id} option`);
        }
      }
    }
  });

  test('the root account playbook is Appendix C', () => {
    for (const p of withPlan) {
      const [playbook] = p.playbooks;
      assert.ok(playbook);
      for (const sentence of (playbook.objective ?? '').split(/(?<=\.) /))
        assertQuoted(IRP, sentence, 'objective');
      for (const step of playbook.lifecycle) assertQuoted(IRP, `- ${step}`, 'lifecycle');
      for (const indicator of playbook.indicators) {
        const [heading, item] = indicator.split(': ');
        assertQuoted(IRP, `- ${heading}:`, 'indicator heading');
        assertQuoted(IRP, `- ${item}`, 'indicator');
      }
      for (const step of playbook.steps) assertQuoted(IRP, step.title, step.id);
    }
  });

  test("the monitored events and reporting channels are the documents' own", () => {
    for (const p of withPolicy)
      for (const e of p.intake.monitoredEvents) assertQuoted(IMP, `• ${e}`, 'monitored event');
    for (const p of withPlan) {
      assertQuoted(IRP, '- Email or message your supervisor about the event or incident', 'channel');
      assert.ok(p.intake.channels.includes('Send a message to the Security Delegate'));
    }
  });
});

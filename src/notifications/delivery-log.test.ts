import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { testBackends } from '../../test/harness/database.ts';

type Delivery = {
  id: string;
  incidentKey: string | null;
  channel: string;
  recipient: string;
  address: string;
};
type Page = { items: Delivery[]; nextCursor: string | null };

for (const backend of testBackends()) {
  describe(`the delivery log [${backend}]`, () => {
    let w: World;
    let normal: string;
    let restricted: string;
    const token = (who: string) => w.people[who]?.token ?? '';
    const get = (who: string, query: string) =>
      w.t.api('GET', `/api/v1/deliveries?${query}`, { token: token(who) });
    /** Every page, following the cursor. */
    const all = async (who: string, query: string, limit: number) => {
      const items: Delivery[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(
          who,
          `${query ? `${query}&` : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as Page;
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const declare = async (body: Record<string, unknown>) => {
      const res = await w.t.api('POST', '/api/v1/incidents', {
        token: token('delia'),
        body: { type: 'malicious-code', severity: 'P1', ...body },
      });
      assert.equal(res.statusCode, 201, res.body);
      await w.drain();
      return res.json().key as string;
    };

    before(async () => {
      w = await startWorld(backend);
      normal = await declare({ title: 'Webshell on the intranet' });
      // An internal actor: the Security Delegate is contacted directly, and the incident is need-to-know.
      restricted = await declare({
        title: 'Payroll export by a departing admin',
        suspectedInternalActor: true,
      });
    });
    after(() => w.close());

    test('filters by incident, channel and recipient, together or alone', async () => {
      const everything = await all('delia', '', 200);
      assert.ok(everything.length > 3, 'the two declarations sent notifications');
      const ofNormal = await all('delia', `incident=${normal.toLowerCase()}`, 200);
      assert.ok(ofNormal.length > 0);
      assert.ok(ofNormal.every((d) => d.incidentKey === normal));
      assert.deepEqual(
        ofNormal.map((d) => d.id),
        everything.filter((d) => d.incidentKey === normal).map((d) => d.id),
      );
      // A P1 notifies the appropriate managers through chat; the internal case reaches the Delegate directly.
      const chat = await all('delia', 'channel=chat', 200);
      assert.ok(chat.length > 0 && chat.every((d) => d.channel === 'chat'));
      assert.deepEqual(
        chat.map((d) => d.id),
        everything.filter((d) => d.channel === 'chat').map((d) => d.id),
      );
      // Someone who was notified of the first incident, searched by part of their name in capitals.
      const name = ofNormal[0]?.recipient.split(' ')[0] ?? '';
      assert.ok(name.length > 2, JSON.stringify(ofNormal));
      const holds = (d: Delivery) => `${d.recipient} ${d.address}`.toLowerCase().includes(name.toLowerCase());
      const named = await all('delia', `recipient=${name.toUpperCase()}`, 200);
      assert.ok(named.length > 0);
      assert.deepEqual(
        named.map((d) => d.id),
        everything.filter(holds).map((d) => d.id),
      );
      const both = await all('delia', `incident=${normal}&channel=chat&recipient=${name}`, 200);
      assert.ok(both.length > 0);
      assert.deepEqual(
        both.map((d) => d.id),
        ofNormal.filter((d) => d.channel === 'chat' && holds(d)).map((d) => d.id),
      );
      assert.deepEqual(await all('delia', `incident=${normal}&channel=voice`, 200), []);
      // A pattern character is taken literally.
      assert.deepEqual(await all('delia', 'recipient=%25', 200), []);
    });

    test('an incident the reader may not see is the same 404 as one that does not exist', async () => {
      // Carl (executive management) reads the log but is outside the restricted incident's need-to-know.
      const hidden = await get('carl', `incident=${restricted}`);
      assert.equal(hidden.statusCode, 404, hidden.body);
      assert.equal(hidden.json().error.code, 'incident.not_found');
      const missing = await get('carl', 'incident=INC-2026-9999');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'incident.not_found');
      const bad = await get('delia', 'incident=payroll');
      assert.equal(bad.statusCode, 400, bad.body);
      const channel = await get('delia', 'channel=carrier-pigeon');
      assert.equal(channel.statusCode, 400, channel.body);
    });

    test("a page of rows about incidents the reader may not see is empty but not the log's end", async () => {
      const visible = await all('carl', '', 200);
      assert.ok(visible.every((d) => d.incidentKey !== restricted));
      // One row a page: pages holding only the restricted incident's deliveries come back empty, and the
      // cursor goes on past them to the older, visible ones.
      assert.deepEqual(
        (await all('carl', '', 1)).map((d) => d.id),
        visible.map((d) => d.id),
      );
      const delegate = await all('delia', '', 200);
      assert.ok(
        delegate.some((d) => d.incidentKey === restricted),
        'the Security Delegate sees them',
      );
    });

    test("reading a restricted incident's deliveries is audited", async () => {
      const res = await get('delia', `incident=${restricted}`);
      assert.equal(res.statusCode, 200, res.body);
      const audit = await w.t.api('GET', '/api/v1/audit?action=incident.deliveries_read', {
        token: token('delia'),
      });
      assert.ok(
        (audit.json().items as { targetId: string }[]).some((e) => e.targetId === restricted),
        audit.body,
      );
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { days, hours } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';

for (const backend of testBackends()) {
  describe(`the directory and on-call [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
    });
    after(() => w.close());

    const token = (who: string) => w.people[who]?.token ?? '';
    const importDirectory = (format: 'yaml' | 'csv', content: string) =>
      w.t.api('POST', '/api/v1/directory/import', { body: { format, content } });

    test('people, their supervisor, teams and positions come from the YAML import', async () => {
      const emma = (await w.t.api('GET', '/api/v1/directory/people/emma', { token: token('delia') })).json();
      assert.equal(emma.supervisor, 'sam');
      assert.equal(emma.username, 'emma');
      const positions = (
        await w.t.api('GET', '/api/v1/directory/positions', { token: token('delia') })
      ).json().items;
      assert.equal(positions.find((p: { key: string }) => p.key === 'cto').holder, 'carl');
      const teams = (await w.t.api('GET', '/api/v1/directory/teams', { token: token('delia') })).json().items;
      assert.deepEqual(teams.find((t: { key: string }) => t.key === 'devops').members, [
        'dana',
        'enzo',
        'erin',
      ]);
    });

    test('a CSV import adds and updates people; a bad row is refused with its row number, nothing imported', async () => {
      const ok = await importDirectory(
        'csv',
        'handle,name,email,phone,supervisor,teams\nfrank,"Frank, Contractor",frank@example.com,+15550000099,sam,devops;legal\nemma,Emma Employee,emma.e@example.com,,sam,\n',
      );
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().people, { added: 1, updated: 1 });
      const frank = (
        await w.t.api('GET', '/api/v1/directory/people/frank', { token: token('delia') })
      ).json();
      assert.equal(frank.name, 'Frank, Contractor');
      assert.deepEqual(frank.teams.sort(), ['devops', 'legal']);
      const bad = await importDirectory('csv', 'handle,name,phone\ngina,Gina,+1555\n');
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.code, 'directory.invalid_import');
      assert.match(bad.json().error.message, /row 2 phone/);
      const unknownTeam = await importDirectory(
        'yaml',
        'people:\n  - { handle: gina, name: Gina, teams: [marketing] }\n',
      );
      assert.equal(unknownTeam.json().error.code, 'directory.unknown_reference');
      assert.equal(
        (await w.t.api('GET', '/api/v1/directory/people/gina', { token: token('delia') })).statusCode,
        404,
      );
    });

    test("a person's channels to avoid are set, returned, cleared, and refused when not email, chat, sms or voice", async () => {
      const created = await w.t.api('POST', '/api/v1/directory/people', {
        body: {
          handle: 'hana',
          name: 'Hana Hotline',
          phone: '+15550000077',
          avoidChannels: ['voice', 'sms'],
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(created.json().avoidChannels, ['sms', 'voice'], 'stored in a fixed order');
      const read = await w.t.api('GET', '/api/v1/directory/people/hana', { token: token('delia') });
      assert.deepEqual(read.json().avoidChannels, ['sms', 'voice']);
      const bad = async (avoidChannels: unknown, path: RegExp) => {
        const res = await w.t.api('PATCH', '/api/v1/directory/people/hana', { body: { avoidChannels } });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 'validation.failed');
        assert.ok(
          res.json().error.details.some((d: { path: string }) => path.test(d.path)),
          JSON.stringify(res.json().error.details),
        );
        return res.json().error.message as string;
      };
      assert.match(
        await bad(['webhook'], /^body\.avoidChannels\.0$/),
        /not a channel that reaches one person/,
      );
      await bad(['app'], /^body\.avoidChannels\.0$/);
      assert.match(await bad(['sms', 'sms'], /^body\.avoidChannels$/), /twice/);
      await bad('voice', /^body\.avoidChannels$/);
      const unchanged = await w.t.api('GET', '/api/v1/directory/people/hana', { token: token('delia') });
      assert.deepEqual(unchanged.json().avoidChannels, ['sms', 'voice'], 'a refused change changes nothing');
      const refusedNew = await w.t.api('POST', '/api/v1/directory/people', {
        body: { handle: 'ivo', name: 'Ivo', avoidChannels: ['queue'] },
      });
      assert.equal(refusedNew.statusCode, 400);
      assert.equal(
        (await w.t.api('GET', '/api/v1/directory/people/ivo', { token: token('delia') })).statusCode,
        404,
      );
      const cleared = await w.t.api('PATCH', '/api/v1/directory/people/hana', {
        body: { avoidChannels: [] },
      });
      assert.deepEqual(cleared.json().avoidChannels, []);
      const other = await w.t.api('GET', '/api/v1/directory/people/sam', { token: token('delia') });
      assert.deepEqual(other.json().avoidChannels, [], 'no preference unless one is set');
    });

    test('the YAML and CSV imports carry the channels a person avoids', async () => {
      const yaml = await importDirectory(
        'yaml',
        'people:\n  - { handle: jo, name: Jo Pager, phone: "+15550000078", avoidChannels: [voice] }\n',
      );
      assert.equal(yaml.statusCode, 200, yaml.body);
      const jo = await w.t.api('GET', '/api/v1/directory/people/jo', { token: token('delia') });
      assert.deepEqual(jo.json().avoidChannels, ['voice']);
      const csv = await importDirectory(
        'csv',
        'handle,name,avoidChannels\njo,Jo Pager,voice;sms\nkim,Kim Mail,email\nlou,Lou Plain,\n',
      );
      assert.equal(csv.statusCode, 200, csv.body);
      const read = async (h: string) =>
        (await w.t.api('GET', `/api/v1/directory/people/${h}`, { token: token('delia') })).json()
          .avoidChannels;
      assert.deepEqual(await read('jo'), ['sms', 'voice']);
      assert.deepEqual(await read('kim'), ['email']);
      assert.deepEqual(await read('lou'), []);
      const bad = await importDirectory('csv', 'handle,name,avoid channels\nmo,Mo,webhook\n');
      assert.equal(bad.statusCode, 422);
      assert.match(bad.json().error.message, /row 2 avoidChannels/);
      assert.equal(
        (await w.t.api('GET', '/api/v1/directory/people/mo', { token: token('delia') })).statusCode,
        404,
      );
    });

    test('only administrators change the directory; responders read it', async () => {
      const refused = await w.t.api('POST', '/api/v1/directory/people', {
        token: token('enzo'),
        body: { handle: 'x', name: 'X' },
      });
      assert.equal(refused.statusCode, 403);
      const read = await w.t.api('GET', '/api/v1/directory/people', { token: token('enzo') });
      assert.equal(read.statusCode, 200);
      const employee = await w.t.api('GET', '/api/v1/directory/people', { token: token('emma') });
      assert.equal(employee.statusCode, 403, 'phone numbers are not for every employee');
    });

    test('who is on call now, and at any future time; an override takes over', async () => {
      const now = (
        await w.t.api('GET', '/api/v1/oncall/now?schedule=on-call-engineers', { token: token('delia') })
      ).json();
      assert.equal(now.items[0].shift.person.handle, 'enzo');
      const next = await w.t.api(
        'GET',
        '/api/v1/oncall/now?schedule=on-call-engineers&at=2026-03-10T12:00:00Z',
        { token: token('delia') },
      );
      assert.equal(next.json().items[0].shift.person.handle, 'erin');
      const override = await w.t.api('POST', '/api/v1/oncall/schedules/on-call-engineers/overrides', {
        body: {
          person: 'erin',
          startsAt: '2026-03-04T00:00:00Z',
          endsAt: '2026-03-05T00:00:00Z',
          reason: 'swap',
        },
      });
      assert.equal(override.statusCode, 201, override.body);
      const swapped = await w.t.api(
        'GET',
        '/api/v1/oncall/now?schedule=on-call-engineers&at=2026-03-04T10:00:00Z',
        { token: token('delia') },
      );
      assert.equal(swapped.json().items[0].shift.person.handle, 'erin');
      const shifts = await w.t.api(
        'GET',
        '/api/v1/oncall/schedules/on-call-engineers/shifts?from=2026-03-02T09:00:00Z&to=2026-03-16T09:00:00Z',
        { token: token('delia') },
      );
      assert.deepEqual(
        shifts.json().items.map((s: { person: { handle: string } }) => s.person.handle),
        ['enzo', 'erin', 'enzo', 'erin'],
      );
    });

    test('the on-call engineer is paged as the Security Delegate when the primary is unavailable', async () => {
      for (const who of ['delia']) {
        const res = await w.t.api('PUT', `/api/v1/directory/people/${who}/availability`, {
          token: token(who),
          body: { unavailableUntil: '2026-03-20T00:00:00Z', reason: 'on a flight' },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      // The first administrator also holds the role; without a directory entry they count as available.
      await w.t.api('PATCH', `/api/v1/users/${await adminId()}`, { body: { roles: ['administrator'] } });
      const report = await w.t.api('POST', '/api/v1/reports', {
        token: token('emma'),
        body: { title: 'Odd login prompt', description: 'MFA prompt I did not start' },
      });
      await w.drain();
      const runs = (
        await w.t.api('GET', `/api/v1/events/${report.json().ref}/escalations`, { token: token('enzo') })
      ).json().items;
      const delegate = runs.find(
        (r: { rule: { id: string } }) => r.rule.id === 'reports-to-security-delegate',
      );
      const page = delegate.steps[0].pages[0];
      assert.equal(page.recipient.name, 'Enzo Engineer');
      assert.deepEqual(page.recipient.via, ['role:security-delegate (on-call cover)']);
    });

    test('the on-call engineer can act as Security Delegate for the rest of the shift, and no one else can', async () => {
      const notOnCall = await w.t.api('POST', '/api/v1/oncall/covers', {
        token: token('erin'),
        body: { role: 'security-delegate' },
      });
      assert.equal(notOnCall.statusCode, 409);
      assert.match(notOnCall.json().error.message, /not on call/);
      const covered = await w.t.api('POST', '/api/v1/oncall/covers', {
        token: token('enzo'),
        body: { role: 'security-delegate', reason: 'Delia is flying' },
      });
      assert.equal(covered.statusCode, 201, covered.body);
      assert.equal(covered.json().until, '2026-03-09T09:00:00.000Z', 'until the hand-off');
      const incident = await w.t.api('POST', '/api/v1/incidents', {
        token: token('enzo'),
        body: { title: 'Phish', type: 'suspicious-email', severity: 'P3' },
      });
      const closed = await w.t.api('POST', `/api/v1/incidents/${incident.json().key}/transitions`, {
        token: token('enzo'),
        body: { to: 'closed' },
      });
      assert.equal(closed.statusCode, 200, 'acting as Security Delegate, the engineer formally closes');
      await w.advance(days(7));
      const me = await w.t.api('GET', '/api/v1/auth/me', { token: token('enzo') });
      assert.ok(
        !me.json().user.roles.includes('security-delegate'),
        'the role goes back at the end of the shift',
      );
      await w.advance(hours(1));
    });

    async function adminId(): Promise<string> {
      const me = await w.t.api('GET', '/api/v1/auth/me');
      return me.json().user.id;
    }
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ALERT_BODY_LIMIT } from '../src/alerts/routes.ts';
import { BODY_LIMIT } from '../src/app/http.ts';
import { ERROR_STATUS } from '../src/platform/errors.ts';
import { startTestCordon, type TestCordon } from './harness/cordon.ts';
import { testBackends } from './harness/database.ts';

/**
 * "A corpus of bad requests (malformed JSON, wrong types, unknown fields, oversized bodies, invalid
 * transitions, unknown keys) goes to every route: always a 4xx with a code, never a 5xx, nothing
 * half-written." The routes come from the live OpenAPI document, so a route added later is covered too.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
};
type Parameter = { in: string; name: string; schema: JsonSchema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
};
interface Route {
  method: string;
  path: string;
  params: Parameter[];
  query: Parameter[];
  body: JsonSchema | null;
}
type Body = Record<string, unknown>;

interface Probe {
  label: string;
  method: string;
  url: string;
  token?: string | null;
  headers?: Record<string, string>;
  payload?: string;
  /** Exact answer expected; otherwise any 4xx in the error shape. */
  status?: number;
  code?: string;
  /** A `details[].path` that must start with this (the field the probe broke). */
  detailPath?: string;
  /** A `details[].message` that must contain this. */
  detailMessage?: string;
  /** Reads whose filter merely finds nothing may answer 200; they must still never fail with a 5xx. */
  allow2xx?: boolean;
}

const API = '/api/v1';
/** docs/api.md: everything under /api/v1 needs credentials except sign-in, set-up and the OpenAPI document. */
const PUBLIC = new Set([`POST ${API}/auth/sign-in`, `POST ${API}/auth/setup`]);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_CT = { 'content-type': 'application/json' };
const UNKNOWN_FIELD = 'cordonProbeUnknownField';
/** Longer than every declared string limit except a policy source, which the policy parser then refuses. */
const HUGE = 'x'.repeat(300_000);
const DEPTH = 5000;
const PROBE_TIMEOUT_MS = 15_000;
const MULTIPART_ROUTES = new Set([`POST ${API}/events/{ref}/attachments`]);
/** Alert intake routes (not /alert-sources) take larger bodies and a source token. */
const isAlertRoute = (url: string) => /^\/api\/v1\/alerts(\/|\?|$)/.test(url);
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
/** Values hashed and never stored (password, secret) may hold any character, NUL included. */
const HASHED_FIELDS = new Set(['password', 'secret']);

/** Unknown or garbage path values: all must be refused whatever the parameter. */
const GARBAGE_PARAMS = [
  'INC-2099-9999',
  'EVT-2099-000001',
  randomUUID(),
  '00000000-0000-0000-0000-000000000000',
  encodeURIComponent('../../etc/passwd'),
  '../../etc/passwd',
  '%00',
  'a%00b',
  '-1',
  '0',
  '99999999999999999999',
  encodeURIComponent("' or '1'='1"),
  encodeURIComponent('<script>alert(1)</script>'),
  '%F0%9F%92%A9',
];
/** Garbage the router itself must refuse, in the same error shape as everything else. */
const GARBAGE_URL_PARAMS = ['x'.repeat(500), '%', '%E0%A4%A'];
/** Text PostgreSQL cannot store faithfully: a NUL (refused by text and jsonb) and a lone surrogate. */
const UNSTORABLE = ['probe\u0000value', 'probe\ud800value'];

function jsonTypes(s: JsonSchema): Set<string> {
  const out = new Set<string>();
  const add = (x: JsonSchema) => {
    for (const ty of [x.type ?? []].flat()) out.add(ty);
    for (const v of x.enum ?? []) out.add(v === null ? 'null' : typeof v);
    for (const y of [...(x.anyOf ?? []), ...(x.oneOf ?? [])]) add(y);
  };
  add(s);
  return out;
}

/** Values of a type the property does not accept, plus format and enum violations. */
function wrongValues(s: JsonSchema): unknown[] {
  const types = jsonTypes(s);
  if (types.size === 0) return [];
  const candidates: [string, unknown][] = [
    ['string', 'probe-string'],
    ['number', 12345],
    ['boolean', true],
    ['object', { probe: 1 }],
    ['array', ['probe']],
    ['null', null],
  ];
  const out = candidates
    .filter(([ty]) => !types.has(ty) && !(ty === 'number' && types.has('integer')))
    .map(([, v]) => v);
  if (types.has('integer')) out.push(1.5);
  const variants = [s, ...(s.anyOf ?? [])];
  if (variants.some((v) => v.enum?.every((e) => typeof e === 'string'))) out.push('not-an-option');
  if (variants.some((v) => v.format || v.pattern)) out.push('%% fits no format %%');
  if (s.type === 'array' && s.items) out.push(...wrongValues(s.items).map((v) => [v]));
  return out;
}

/** A best-effort valid value for a schema, for routes the corpus has no hand-written body for. */
function example(s: JsonSchema, userId: string): unknown {
  const first = s.anyOf?.find((v) => v.type !== 'null') ?? s.oneOf?.[0];
  if (first) return example(first, userId);
  if (s.enum) return s.enum[0];
  const type = [s.type ?? 'string'].flat()[0];
  if (type === 'object') {
    const props = s.properties ?? {};
    return Object.fromEntries((s.required ?? []).map((k) => [k, example(props[k] ?? {}, userId)]));
  }
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (s.format === 'uuid') return userId;
  if (s.format === 'email') return 'probe@example.com';
  if (s.format === 'date-time') return '2099-01-01T00:00:00Z';
  return 'probe-value'.padEnd(s.minLength ?? 0, 'x');
}

function routesFrom(doc: { paths: Record<string, Record<string, Operation>> }): Route[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []).filter((p) => p.in === 'path'),
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

const fill = (path: string, values: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'missing');

/** Everything wrong with an answer to a probe; empty when it is a well-formed refusal. */
function problems(probe: Probe, res: LightMyRequestResponse): string[] {
  const out: string[] = [];
  const say = (what: string) =>
    out.push(`${probe.label}: ${what} — ${res.statusCode} ${res.body.slice(0, 300)}`);
  const leak = /\bat \S+ \(.*:\d+:\d+\)|node:internal|\.ts:\d+|select |insert |postgres|pglite/i;
  if (leak.test(res.body)) say('the body leaks a stack trace or SQL');
  if (res.statusCode >= 500) return [...out, `${probe.label}: ${res.statusCode} — ${res.body.slice(0, 300)}`];
  if (res.statusCode < 400) {
    if (!probe.allow2xx) say('accepted');
    return out;
  }
  let error: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(res.body) as { error?: typeof error }).error;
  } catch {
    say('the body is not JSON');
    return out;
  }
  if (typeof error !== 'object' || error === null) {
    say('no error object');
    return out;
  }
  if (typeof error.code !== 'string') say('no error.code');
  else if (ERROR_STATUS[error.code as keyof typeof ERROR_STATUS] !== res.statusCode)
    say(`status does not match the code's status (${String(ERROR_STATUS[error.code as 'internal'])})`);
  if (typeof error.message !== 'string' || error.message === '') say('no error.message');
  if (typeof error.requestId !== 'string' || error.requestId !== res.headers['x-request-id'])
    say('error.requestId missing or not the x-request-id header');
  if (probe.status !== undefined && res.statusCode !== probe.status) say(`expected status ${probe.status}`);
  if (probe.code !== undefined && error.code !== probe.code) say(`expected code ${probe.code}`);
  const details = Array.isArray(error.details)
    ? (error.details as { path?: string; message?: string }[])
    : [];
  const { detailPath, detailMessage } = probe;
  if (detailPath !== undefined && !details.some((d) => d.path?.startsWith(detailPath)))
    say(`no details entry for ${detailPath}`);
  if (detailMessage !== undefined && !details.some((d) => d.message?.includes(detailMessage)))
    say(`no details message mentioning ${detailMessage}`);
  return out;
}

for (const backend of testBackends()) {
  describe(`bad input [${backend}]`, () => {
    let t: TestCordon;
    let routes: Route[];
    let delegate: { id: string; token: string };
    let engineer: { id: string; token: string };
    let employee: { id: string; token: string };
    const fx = {
      openKey: '',
      ruleKey: '',
      p1Key: '',
      closedKey: '',
      openRef: '',
      ruleRef: '',
      dismissedRef: '',
      employeeTokenId: '',
      policySource: '',
      /** Detection tools post alerts with their own source token, not a user's. */
      alertToken: '',
    };
    /** Which probe sent which request, so an unexpected audit entry names its culprit. */
    const sentBy = new Map<string, string>();
    let baseline: Snapshot;

    type Snapshot = Awaited<ReturnType<typeof snapshot>>;
    const read = async (url: string) => {
      const res = await t.api('GET', url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    /** The state a refused request must not touch: counts and contents of everything the corpus aims at. */
    const snapshot = async () => ({
      auditSeq: (await read(`${API}/audit?limit=1`)).items[0]?.seq as number,
      incidents: (await read(`${API}/incidents?limit=200`)).items as unknown[],
      events: (await read(`${API}/events?limit=200`)).items as unknown[],
      users: (await read(`${API}/users`)).items as unknown[],
      tokens: ((await read(`${API}/tokens`)).items as { lastUsedAt?: string }[]).map(
        ({ lastUsedAt: _, ...rest }) => rest,
      ),
      policy: (await read(`${API}/policy/versions`)).items as unknown[],
      timelines: await Promise.all(
        [fx.openKey, fx.ruleKey, fx.p1Key, fx.closedKey].map(async (k) =>
          read(`${API}/incidents/${k}/timeline`),
        ),
      ),
      rca: await read(`${API}/incidents/${fx.openKey}/rca`),
    });

    /** A probe's answer, or null when none comes (a streaming route must not hang the suite). */
    const answer = async (p: Probe): Promise<LightMyRequestResponse | null> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), PROBE_TIMEOUT_MS);
      });
      const token = p.token !== undefined ? p.token : isAlertRoute(p.url) ? fx.alertToken : undefined;
      const sent = t.api(p.method, p.url, {
        ...(token !== undefined ? { token } : {}),
        ...(p.headers ? { headers: p.headers } : {}),
        ...(p.payload !== undefined ? { payload: p.payload } : {}),
      });
      try {
        return await Promise.race([sent, timeout]);
      } finally {
        clearTimeout(timer);
      }
    };

    /** Sends probes 20 at a time and returns every problem with their answers. */
    const send = async (probes: Probe[]): Promise<string[]> => {
      assert.ok(probes.length > 0, 'the corpus is empty');
      const found: string[] = [];
      for (let i = 0; i < probes.length; i += 20) {
        const chunk = probes.slice(i, i + 20);
        const answers = await Promise.all(chunk.map(answer));
        answers.forEach((res, j) => {
          const probe = chunk[j];
          if (!probe) return;
          if (!res) {
            found.push(`${probe.label}: no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
            return;
          }
          sentBy.set(String(res.headers['x-request-id']), probe.label);
          found.push(...problems(probe, res));
        });
      }
      if (found.length === 0) return [];
      return [`${found.length} of ${probes.length} probes misbehaved:`, ...found.slice(0, 40)];
    };

    /** What changed since the last check (then the new state becomes the baseline). */
    const writes = async (): Promise<string[]> => {
      const now = await snapshot();
      const out: string[] = [];
      if (now.auditSeq !== baseline.auditSeq) {
        const items = (await read(`${API}/audit?limit=500`)).items as {
          seq: number;
          action: string;
          requestId: string | null;
        }[];
        out.push(
          'refused requests wrote audit entries:',
          ...items
            .filter((e) => e.seq > baseline.auditSeq)
            .map((e) => `${e.action} by ${sentBy.get(e.requestId ?? '') ?? e.requestId}`),
        );
      }
      try {
        assert.deepEqual(now, baseline);
      } catch (e) {
        out.push(
          `a refused request changed stored state: ${e instanceof Error ? e.message.slice(0, 2000) : ''}`,
        );
      }
      baseline = now;
      return out;
    };

    /** Runs a test body, then fails with its own failure and anything it wrote. */
    const withNoWrites = async (body: () => Promise<string[] | undefined>) => {
      let failure: string[] = [];
      try {
        failure = (await body()) ?? [];
      } catch (e) {
        failure = [e instanceof Error ? e.message : String(e)];
      }
      const all = [...failure, ...(await writes())];
      assert.equal(all.length, 0, all.join('\n'));
    };
    const corpus = (probes: Probe[]) => withNoWrites(() => send(probes));

    const json = (body: unknown): Pick<Probe, 'headers' | 'payload'> => ({
      headers: JSON_CT,
      payload: JSON.stringify(body),
    });

    const validParam = (route: Route, p: Parameter): string => {
      if (p.name === 'key') return fx.openKey;
      if (p.name === 'ref') return fx.openRef;
      if (p.name === 'version') return '1';
      if (p.name === 'role') return 'incident-commander';
      if (p.name === 'userId') return engineer.id;
      if (p.name === 'id' && route.path.startsWith(`${API}/tokens`)) return fx.employeeTokenId;
      if (p.name === 'id') return employee.id;
      return encodeURIComponent(String(example(p.schema, employee.id)));
    };
    const validUrl = (route: Route) =>
      fill(route.path, Object.fromEntries(route.params.map((p) => [p.name, validParam(route, p)])));

    /** Valid bodies (one per union branch): every probe breaks exactly one thing about them. */
    const baseBodies = (route: Route): Body[] => {
      const known: Record<string, Body[]> = {
        [`POST ${API}/auth/sign-in`]: [{ username: 'nobody', password: 'not-the-password' }],
        [`POST ${API}/auth/setup`]: [
          { secret: 'not-the-secret', username: 'someone', password: 'a long enough password' },
        ],
        [`POST ${API}/users`]: [{ username: 'new-user', name: 'New User' }],
        [`PATCH ${API}/users/{id}`]: [{ name: 'Renamed User' }],
        [`POST ${API}/tokens`]: [{ name: 'probe token' }],
        [`POST ${API}/reports`]: [{ title: 'Probe report', description: 'Probe description' }],
        [`POST ${API}/events/{ref}/disposition`]: [
          { action: 'dismiss', reason: 'false-positive' },
          { action: 'merge', incidentKey: fx.openKey },
          { action: 'promote', type: 'malicious-code', severity: 'P2' },
        ],
        [`POST ${API}/incidents`]: [{ title: 'Probe incident', type: 'malicious-code', severity: 'P2' }],
        [`PATCH ${API}/incidents/{key}`]: [{ title: 'Renamed incident' }],
        [`POST ${API}/incidents/{key}/transitions`]: [{ to: 'investigation' }],
        [`POST ${API}/incidents/{key}/severity`]: [{ severity: 'P1', reason: 'Probe reason' }],
        [`POST ${API}/incidents/{key}/roles`]: [{ role: 'devops', userId: engineer.id }],
        [`POST ${API}/incidents/{key}/timeline`]: [{ text: 'Probe note' }],
        [`PUT ${API}/incidents/{key}/rca`]: [{ body: 'A probe root cause analysis, long enough.' }],
        [`POST ${API}/policy`]: [{ source: fx.policySource }],
      };
      const hand = known[`${route.method} ${route.path}`];
      if (hand) return hand;
      const branches = route.body?.oneOf ?? (route.body ? [route.body] : []);
      return branches.map((b) => example(b, employee.id) as Body);
    };
    const propsOf = (route: Route, base: Body): Record<string, JsonSchema> => {
      const branches = route.body?.oneOf ?? (route.body ? [route.body] : []);
      const branch =
        branches.find((b) =>
          Object.entries(base).every(([k, v]) => {
            const e = b.properties?.[k]?.enum;
            return b.properties?.[k] !== undefined && (!e || e.includes(v));
          }),
        ) ?? branches[0];
      return branch?.properties ?? {};
    };

    before(async () => {
      t = await startTestCordon(backend);
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
      employee = await t.user('emma', ['user']);
      const declare = async (severity: string) => {
        const res = await t.api('POST', `${API}/incidents`, {
          body: { title: `A ${severity} incident`, type: 'malicious-code', severity },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().key as string;
      };
      const report = async (title: string) => {
        const res = await t.api('POST', `${API}/reports`, {
          token: employee.token,
          body: { title, description: 'Seen on the build server.' },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().ref as string;
      };
      const ok = async (res: Promise<LightMyRequestResponse>) => {
        const r = await res;
        assert.ok(r.statusCode < 300, r.body);
      };
      fx.openKey = await declare('P2');
      fx.ruleKey = await declare('P2');
      fx.p1Key = await declare('P1');
      fx.closedKey = await declare('P3');
      await ok(t.api('POST', `${API}/incidents/${fx.closedKey}/transitions`, { body: { to: 'closed' } }));
      await ok(
        t.api('POST', `${API}/incidents/${fx.openKey}/roles`, {
          body: { role: 'incident-commander', userId: engineer.id },
        }),
      );
      await ok(
        t.api('PUT', `${API}/incidents/${fx.openKey}/rca`, {
          body: { body: 'Root cause: a leaked CI token; rotated and scoped.' },
        }),
      );
      fx.openRef = await report('Unknown process');
      fx.ruleRef = await report('Odd login');
      fx.dismissedRef = await report('Slow laptop');
      await ok(
        t.api('POST', `${API}/events/${fx.dismissedRef}/disposition`, {
          body: { action: 'dismiss', reason: 'benign' },
        }),
      );
      const tokens = (await read(`${API}/tokens`)).items as { id: string; userId: string }[];
      fx.employeeTokenId = tokens.find((k) => k.userId === employee.id)?.id ?? '';
      assert.ok(fx.employeeTokenId, 'the employee has a token');
      fx.policySource = (await read(`${API}/policy`)).source as string;
      const source = await t.api('POST', `${API}/alert-sources`, { body: { name: 'probe-source' } });
      assert.equal(source.statusCode, 201, source.body);
      fx.alertToken = source.json().secret as string;
      const doc = await t.api('GET', `${API}/openapi.json`, { token: null });
      assert.equal(doc.statusCode, 200, 'the OpenAPI document is public');
      routes = routesFrom(doc.json());
      baseline = await snapshot();
    });
    after(() => t?.close());

    test('the OpenAPI document lists every route the contract names, with their bodies and parameters', () => {
      const names = new Set(routes.map((r) => `${r.method} ${r.path}`));
      for (const name of [
        ...PUBLIC,
        `POST ${API}/reports`,
        `POST ${API}/events/{ref}/disposition`,
        `POST ${API}/incidents/{key}/transitions`,
        `DELETE ${API}/incidents/{key}/roles/{role}/{userId}`,
        `POST ${API}/policy/versions/{version}/activate`,
        `DELETE ${API}/tokens/{id}`,
        `GET ${API}/audit`,
      ])
        assert.ok(names.has(name), `${name} is missing from the OpenAPI document`);
      assert.ok(routes.filter((r) => r.body).length >= 14, 'request bodies are missing from the document');
      assert.ok(routes.filter((r) => r.query.length > 0).length >= 4, 'query parameters are missing');
    });

    test('bodies that are not JSON objects are refused with request.malformed or validation.failed', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => BODY_METHODS.has(r.method))) {
        const url = validUrl(route);
        const p = (label: string, extra: Partial<Probe>): Probe => ({
          label: `${route.method} ${route.path} ${label}`,
          method: route.method,
          url,
          ...extra,
        });
        // Unparseable bodies never reach a handler, so they are safe on every route with a valid key.
        probes.push(
          p('malformed JSON', { ...json(null), payload: '{"a":', code: 'request.malformed' }),
          p('truncated JSON', { headers: JSON_CT, payload: '[1, 2', code: 'request.malformed' }),
          p('prototype pollution', {
            headers: JSON_CT,
            payload: '{"__proto__": {"isAdmin": true}}',
            status: 400,
          }),
          p('over the body limit', {
            ...json({ pad: 'x'.repeat((isAlertRoute(url) ? ALERT_BODY_LIMIT : BODY_LIMIT) + 1) }),
            code: 'request.too_large',
          }),
          p('text/plain', {
            headers: { 'content-type': 'text/plain' },
            payload: '{}',
            code: 'request.unsupported_media_type',
          }),
          p('form-urlencoded', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'title=x&description=y',
            code: 'request.unsupported_media_type',
          }),
          p('multipart', {
            headers: { 'content-type': 'multipart/form-data; boundary=x' },
            payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
            // The attachment upload is the one multipart route: there a form without a "file" part is a
            // validation failure; everywhere else multipart is the wrong media type.
            code: MULTIPART_ROUTES.has(`${route.method} ${route.path}`)
              ? 'validation.failed'
              : 'request.unsupported_media_type',
          }),
        );
        if (!route.body) continue;
        const notObjects: [string, string][] = [
          ['array', '[]'],
          ['array of objects', '[{}]'],
          ['null', 'null'],
          ['string', '"a string"'],
          ['number', '42'],
          ['boolean', 'true'],
          ['deeply nested array', deepArray],
        ];
        for (const [label, payload] of notObjects)
          probes.push(p(label, { headers: JSON_CT, payload, code: 'validation.failed' }));
        probes.push(
          p('empty JSON body', { headers: JSON_CT, payload: '', code: 'request.malformed' }),
          p('no body', { code: 'validation.failed' }),
        );
      }
      await corpus(probes);
    });

    test('a wrong type, format or enum value in any declared field is refused and named in details', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.body)) {
        for (const base of baseBodies(route)) {
          for (const [name, schema] of Object.entries(propsOf(route, base))) {
            for (const wrong of wrongValues(schema)) {
              probes.push({
                label: `${route.method} ${route.path} ${name}=${JSON.stringify(wrong)}`,
                method: route.method,
                url: validUrl(route),
                ...json({ ...base, [name]: wrong }),
                code: 'validation.failed',
                detailPath: `body.${name}`,
              });
            }
          }
        }
      }
      await corpus(probes);
    });

    test('unknown fields, at the top and inside nested objects, are refused by name', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.body)) {
        for (const base of baseBodies(route)) {
          const p = (label: string, body: Body): Probe => ({
            label: `${route.method} ${route.path} (${String(base.action ?? 'body')}) ${label}`,
            method: route.method,
            url: validUrl(route),
            ...json(body),
            code: 'validation.failed',
            detailMessage: UNKNOWN_FIELD,
          });
          probes.push(p('unknown field', { ...base, [UNKNOWN_FIELD]: 'x' }));
          for (const [name, schema] of Object.entries(propsOf(route, base)))
            if (schema.properties)
              probes.push(
                p(`unknown field in ${name}`, {
                  ...base,
                  [name]: { ...(example(schema, employee.id) as Body), [UNKNOWN_FIELD]: 'x' },
                }),
              );
        }
      }
      await corpus(probes);
    });

    test('huge strings, huge arrays and 5000-deep values in any field are refused', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.body)) {
        for (const base of baseBodies(route)) {
          const url = validUrl(route);
          const p = (label: string, body: string): Probe => ({
            label: `${route.method} ${route.path} ${label}`,
            method: route.method,
            url,
            headers: JSON_CT,
            payload: body,
          });
          probes.push(p('deep object under an unknown key', `{"${UNKNOWN_FIELD}":${deepObject}}`));
          for (const [name, schema] of Object.entries(propsOf(route, base))) {
            const rest = JSON.stringify({ ...base, [name]: undefined }).slice(1, -1);
            const join = rest ? `,${rest}` : '';
            probes.push(
              p(`${name} deep object`, `{"${name}":${deepObject}${join}}`),
              p(`${name} deep array`, `{"${name}":${deepArray}${join}}`),
            );
            const types = jsonTypes(schema);
            if (types.has('string'))
              probes.push(p(`${name} huge string`, JSON.stringify({ ...base, [name]: HUGE })));
            if (types.has('array'))
              probes.push(
                p(`${name} huge array`, JSON.stringify({ ...base, [name]: Array(20_000).fill('probe') })),
              );
          }
        }
      }
      await corpus(probes);
    });

    test('text PostgreSQL cannot store (a NUL, a lone surrogate) is refused with a 4xx, not a 500', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.body)) {
        for (const base of baseBodies(route)) {
          for (const [name, schema] of Object.entries(propsOf(route, base))) {
            if (!jsonTypes(schema).has('string') || HASHED_FIELDS.has(name)) continue;
            for (const bad of UNSTORABLE) {
              const value = typeof base[name] === 'string' ? `${base[name]}${bad}` : bad;
              probes.push({
                label: `${route.method} ${route.path} ${name}=${JSON.stringify(value).slice(0, 80)}`,
                method: route.method,
                url: validUrl(route),
                ...json({ ...base, [name]: value }),
              });
            }
          }
        }
      }
      await corpus(probes);
    });

    test('unknown and garbage path values are refused on every route', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.params.length > 0)) {
        const body = route.body ? json(baseBodies(route)[0]) : {};
        for (const param of route.params) {
          for (const garbage of GARBAGE_PARAMS) {
            const values = Object.fromEntries(route.params.map((q) => [q.name, validParam(route, q)]));
            probes.push({
              label: `${route.method} ${route.path} ${param.name}=${garbage.slice(0, 40)}`,
              method: route.method,
              url: fill(route.path, { ...values, [param.name]: garbage }),
              ...body,
            });
          }
        }
      }
      await corpus(probes);
    });

    test('malformed percent-encoding and over-long path values get the error shape too', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.params.length > 0))
        for (const garbage of GARBAGE_URL_PARAMS)
          probes.push({
            label: `${route.method} ${route.path} <- ${garbage.slice(0, 20)}`,
            method: route.method,
            url: fill(route.path, Object.fromEntries(route.params.map((p) => [p.name, garbage]))),
            ...(route.body ? json(baseBodies(route)[0]) : {}),
          });
      await corpus(probes);
    });

    test('wrong enum values, bad limits, bogus cursors and unknown query parameters are refused', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => r.query.length > 0)) {
        const url = validUrl(route);
        const q = (label: string, query: string, extra: Partial<Probe> = {}): Probe => ({
          label: `${route.method} ${route.path}?${label}`,
          method: route.method,
          url: `${url}?${query}`,
          code: 'validation.failed',
          ...extra,
        });
        probes.push(q('unknown parameter', `${UNKNOWN_FIELD}=1`, { detailMessage: UNKNOWN_FIELD }));
        for (const param of route.query) {
          const n = param.name;
          const types = jsonTypes(param.schema);
          const bad = (label: string, value: string) =>
            probes.push(q(`${n}=${label}`, `${n}=${value}`, { detailPath: `querystring.${n}` }));
          if (param.schema.enum) bad('bogus', 'bogus-value');
          if (types.has('integer') || types.has('number'))
            for (const v of ['-1', '0', '99999999999', '1e400', 'abc', '1.5', '', 'NaN', 'Infinity'])
              bad(v, encodeURIComponent(v));
          if (param.schema.format === 'uuid' || param.schema.pattern)
            for (const v of ['zzz', '-1', "1' or '1'='1", 'x'.repeat(300), '%00'])
              bad(v.slice(0, 20), v.startsWith('%') ? v : encodeURIComponent(v));
          if (types.has('string')) bad('too long', 'x'.repeat(5000));
          bad('repeated', `${encodeURIComponent(String(example(param.schema, employee.id)))}&${n}=1&${n}=2`);
          // A filter value that is merely odd may find nothing (200), but it must never break the server.
          for (const v of ['%00', 'a%00b', "'%20or%201%3D1%20--", '%25_%5C', '%F0%9F%92%A9'])
            probes.push(q(`${n}=${v}`, `${n}=${v}`, { allow2xx: true, code: undefined }));
        }
      }
      await corpus(probes);
    });

    test('every non-public route refuses missing and bad credentials with 401 auth.unauthenticated', async () => {
      const probes: Probe[] = [];
      const nonPublic = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
      assert.ok(nonPublic.length >= 25, 'too few routes to probe');
      const anonymous: [string, Partial<Probe>][] = [
        ['no credentials', { token: null }],
        ['unknown token', { token: `cordon_${'A'.repeat(43)}` }],
        ['garbage token', { token: 'x' }],
        ['basic auth', { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }],
        ['empty bearer', { token: null, headers: { authorization: 'Bearer ' } }],
        ['forged session', { token: null, headers: { cookie: 'cordon_session=forged' } }],
      ];
      for (const route of nonPublic) {
        const body = route.body ? (baseBodies(route)[0] ?? {}) : undefined;
        for (const [label, who] of anonymous) {
          probes.push({
            label: `${route.method} ${route.path} ${label}`,
            method: route.method,
            url: validUrl(route),
            ...(body ? json(body) : {}),
            ...who,
            headers: { ...(body ? JSON_CT : {}), ...who.headers },
            code: 'auth.unauthenticated',
          });
        }
      }
      await corpus(probes);
    });

    test('an anonymous caller is refused before its body or parameters are looked at', async () => {
      const probes: Probe[] = [];
      for (const route of routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`))) {
        const p = (label: string, extra: Partial<Probe>): Probe => ({
          label: `${route.method} ${route.path} ${label}`,
          method: route.method,
          url: validUrl(route),
          token: null,
          code: 'auth.unauthenticated',
          ...extra,
        });
        probes.push(p('no body', {}));
        if (route.body) probes.push(p('invalid body', { ...json({ [UNKNOWN_FIELD]: 1 }) }));
        if (route.params.length > 0)
          probes.push(
            p('garbage parameter', {
              url: fill(route.path, Object.fromEntries(route.params.map((q) => [q.name, 'garbage']))),
            }),
          );
      }
      await corpus(probes);
    });

    /** One refusal that must come with exactly this status and code. */
    const refused = async (
      label: string,
      res: Promise<LightMyRequestResponse>,
      status: number,
      code: string,
    ) => {
      const r = await res;
      sentBy.set(String(r.headers['x-request-id']), label);
      const found = problems({ label, method: '', url: '', status, code }, r);
      assert.deepEqual(found, [], found.join('\n'));
      return r.json().error as { message: string; details: Record<string, unknown> };
    };
    const move = (key: string, to: string, token?: string) =>
      t.api('POST', `${API}/incidents/${key}/transitions`, { body: { to }, ...(token ? { token } : {}) });
    const post = (url: string, body: Body, token?: string) =>
      t.api('POST', `${API}${url}`, { body, ...(token ? { token } : {}) });
    const INVALID = 'incident.invalid_transition';

    test('moves the policy does not allow are refused with 409 and the allowed moves', () =>
      withNoWrites(async () => {
        const skip = await refused('analysis → recovery', move(fx.ruleKey, 'recovery'), 409, INVALID);
        assert.deepEqual(skip.details.allowed, ['investigation', 'containment', 'closed']);
        await refused('analysis → analysis', move(fx.ruleKey, 'analysis'), 409, INVALID);
        const reopen = await refused('closed → recovery', move(fx.closedKey, 'recovery'), 409, INVALID);
        assert.deepEqual(reopen.details.allowed, ['investigation'], 'a closed incident only reopens');
        await refused('closed → closed', move(fx.closedKey, 'closed'), 409, INVALID);
        await refused('unknown phase', move(fx.ruleKey, 'nowhere'), 422, 'incident.unknown_phase');
        await refused('phase in capitals', move(fx.ruleKey, 'Investigation'), 422, 'incident.unknown_phase');
        return [];
      }));

    test('closing against the closure gates is refused with 422 naming the rule', () =>
      withNoWrites(async () => {
        const noRca = await refused('P1 without RCA', move(fx.p1Key, 'closed'), 422, 'incident.closure_gate');
        assert.match(noRca.message, /root cause analysis/);
        const gates = (noRca.details.violations as { gate: string }[]).map((v) => v.gate);
        assert.deepEqual(gates, ['p1-root-cause-analysis']);
        const engineerCloses = move(fx.ruleKey, 'closed', engineer.token);
        const byEngineer = await refused('engineer closes', engineerCloses, 422, 'incident.closure_gate');
        assert.match(byEngineer.message, /Only the Security Delegate/);
        return [];
      }));

    test('unknown severities and types are refused with the allowed list', () =>
      withNoWrites(async () => {
        const declare = (extra: Body) =>
          post('/incidents', { title: 'Probe incident', type: 'malicious-code', severity: 'P2', ...extra });
        const sev = await refused(
          'declare P9',
          declare({ severity: 'P9' }),
          422,
          'incident.unknown_severity',
        );
        assert.deepEqual(sev.details.allowed, ['P0', 'P1', 'P2', 'P3']);
        const type = await refused('declare alien', declare({ type: 'alien' }), 422, 'incident.unknown_type');
        assert.ok((type.details.allowed as string[]).includes('malicious-code'));
        await refused('declare p1', declare({ severity: 'p1' }), 422, 'incident.unknown_severity');
        const patch = t.api('PATCH', `${API}/incidents/${fx.ruleKey}`, { body: { type: 'alien' } });
        await refused('patch type', patch, 422, 'incident.unknown_type');
        const change = (key: string, severity: string) =>
          post(`/incidents/${key}/severity`, { severity, reason: 'Probe' });
        await refused('severity P9', change(fx.ruleKey, 'P9'), 422, 'incident.unknown_severity');
        await refused('severity unchanged', change(fx.ruleKey, 'P2'), 409, 'incident.severity_unchanged');
        await refused('severity of closed', change(fx.closedKey, 'P1'), 409, 'incident.closed');
        return [];
      }));

    test('unknown field values, roles and people are refused, and nothing is stored for them', () =>
      withNoWrites(async () => {
        const declare = (extra: Body) =>
          post('/incidents', { title: 'Probe incident', type: 'malicious-code', severity: 'P2', ...extra });
        const VALUE = 'incident.unknown_field_value';
        await refused('classification', declare({ classification: 'Top Secret' }), 422, VALUE);
        await refused('owner team', declare({ ownerTeam: 'nobody' }), 422, VALUE);
        const patch = (body: Body) => t.api('PATCH', `${API}/incidents/${fx.ruleKey}`, { body });
        await refused('patch likelihood', patch({ likelihood: 'Maybe' }), 422, VALUE);
        await refused('patch unknown assignee', patch({ assigneeId: randomUUID() }), 404, 'user.not_found');
        await refused('patch nothing', patch({}), 400, 'validation.failed');
        const role = (r: string, userId: string) =>
          post(`/incidents/${fx.ruleKey}/roles`, { role: r, userId });
        await refused('unknown role', role('wizard', engineer.id), 422, 'incident.unknown_role');
        await refused('unknown person', role('devops', randomUUID()), 404, 'user.not_found');
        const user = (body: Body) => post('/users', body);
        await refused(
          'user role',
          user({ username: 'x1', name: 'X', roles: ['wizard'] }),
          422,
          'user.unknown_role',
        );
        await refused('username taken', user({ username: 'enzo', name: 'Enzo' }), 409, 'user.username_taken');
        await refused(
          'token for nobody',
          post('/tokens', { name: 'x', userId: randomUUID() }),
          404,
          'user.not_found',
        );
        const revoke = t.api('DELETE', `${API}/tokens/${randomUUID()}`);
        await refused('revoke unknown', revoke, 404, 'token.not_found');
        await refused('no RCA yet', t.api('GET', `${API}/incidents/${fx.p1Key}/rca`), 404, 'rca.not_found');
        const activate = post('/policy/versions/99/activate', {});
        await refused('activate v99', activate, 404, 'policy.version_not_found');
        const upload = post('/policy', { source: 'kind: Policy\nseverities: 7\n' });
        const policy = await refused('bad policy', upload, 422, 'policy.invalid');
        assert.ok((policy.details as unknown as { line: number }[]).every((e) => e.line >= 1));
        return [];
      }));

    test('declaring an incident for an assignee who does not exist is refused like the same update', () =>
      withNoWrites(async () => {
        const declare = post('/incidents', {
          title: 'Probe incident',
          type: 'malicious-code',
          severity: 'P2',
          assigneeId: randomUUID(),
        });
        await refused('declare with unknown assignee', declare, 404, 'user.not_found');
        return [];
      }));

    test('dispositions are refused on disposed events, with bad reasons and into unknown or closed incidents', () =>
      withNoWrites(async () => {
        const dispose = (ref: string, body: Body) =>
          t.api('POST', `${API}/events/${ref}/disposition`, { token: delegate.token, body });
        for (const body of [
          { action: 'dismiss', reason: 'benign' },
          { action: 'merge', incidentKey: fx.ruleKey },
          { action: 'promote', type: 'malicious-code', severity: 'P2' },
        ]) {
          const again = await refused(
            body.action,
            dispose(fx.dismissedRef, body),
            409,
            'event.already_disposed',
          );
          assert.equal(again.details.status, 'dismissed');
        }
        const ref = fx.ruleRef;
        const cases: [string, Body, number, string][] = [
          ['reason', { action: 'dismiss', reason: 'bored' }, 422, 'event.invalid_reason'],
          ['merge unknown', { action: 'merge', incidentKey: 'INC-2099-9999' }, 404, 'incident.not_found'],
          ['merge closed', { action: 'merge', incidentKey: fx.closedKey }, 409, 'incident.closed'],
          [
            'promote P9',
            { action: 'promote', type: 'malicious-code', severity: 'P9' },
            422,
            'incident.unknown_severity',
          ],
          [
            'promote alien',
            { action: 'promote', type: 'alien', severity: 'P2' },
            422,
            'incident.unknown_type',
          ],
        ];
        for (const [label, body, status, code] of cases)
          await refused(label, dispose(ref, body), status, code);
        const unknown = dispose('EVT-2099-000001', { action: 'dismiss', reason: 'benign' });
        await refused('unknown event', unknown, 404, 'event.not_found');
        return [];
      }));

    test('people without the permission are refused with 403 and nothing changes', () =>
      withNoWrites(async () => {
        const FORBIDDEN = 'auth.forbidden';
        const incident = { title: 'Probe incident', type: 'malicious-code', severity: 'P2' };
        await refused('employee declares', post('/incidents', incident, employee.token), 403, FORBIDDEN);
        const severity = post(
          `/incidents/${fx.ruleKey}/severity`,
          { severity: 'P0', reason: 'Probe' },
          engineer.token,
        );
        await refused('engineer sets severity', severity, 403, FORBIDDEN);
        const dismiss = { action: 'dismiss', reason: 'benign' };
        const triage = post(`/events/${fx.ruleRef}/disposition`, dismiss, employee.token);
        await refused('employee triages', triage, 403, FORBIDDEN);
        const user = post('/users', { username: 'sneaky', name: 'Sneaky' }, engineer.token);
        await refused('engineer creates a user', user, 403, FORBIDDEN);
        return [];
      }));
  });
}

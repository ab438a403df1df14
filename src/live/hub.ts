import type { Actor } from '../access/actor.ts';
import { can } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { canSeeIncident, findIncidentById } from '../incidents/index.ts';
import { CHANGES_CHANNEL, type Change, parseChanges } from '../platform/changes.ts';
import type { Database } from '../platform/db/client.ts';
import { listen } from '../platform/db/listen.ts';
import { forgetActivePolicy, getActivePolicy } from '../policy/versions.ts';

export interface LiveClient {
  actor: Actor;
  send(message: { kind: 'incident'; key: string } | { kind: 'event'; ref: string }): void;
}

/**
 * Fans committed changes out to connected browsers. A notification only says *what* changed; the browser
 * refetches through the API. Even so, a restricted incident's key goes only to people who may see it.
 */
export class LiveHub {
  readonly #clients = new Set<LiveClient>();
  #stop: (() => Promise<void>) | null = null;
  readonly #deps: Pick<AppDeps, 'db'>;

  constructor(deps: Pick<AppDeps, 'db'>) {
    this.#deps = deps;
  }

  async start(database: Database): Promise<void> {
    this.#stop = await listen(database, CHANGES_CHANNEL, (payload) => {
      for (const change of parseChanges(payload)) void this.#dispatch(change).catch(() => {});
    });
  }

  async stop(): Promise<void> {
    await this.#stop?.();
    this.#clients.clear();
  }

  add(client: LiveClient): () => void {
    this.#clients.add(client);
    return () => this.#clients.delete(client);
  }

  get size(): number {
    return this.#clients.size;
  }

  async #dispatch(change: Change): Promise<void> {
    if (change.kind === 'policy') {
      forgetActivePolicy();
      return;
    }
    if (this.#clients.size === 0) return;
    const incidentId = change.kind === 'incident' ? change.id : change.incidentId;
    const restricted = change.kind === 'incident' ? change.visibility === 'restricted' : incidentId !== null;
    const incident = restricted && incidentId ? await findIncidentById(this.#deps.db, incidentId) : undefined;
    const policy = incident ? (await getActivePolicy(this.#deps.db)).document : null;
    for (const client of this.#clients) {
      const permission = change.kind === 'incident' ? 'incident.read' : 'event.read';
      let visible = can(client.actor, permission);
      if (incident && policy && incident.visibility === 'restricted') {
        visible = await canSeeIncident(this.#deps.db, client.actor, policy, incident);
      } else if (change.kind === 'incident' && !visible && incident && policy) {
        visible = await canSeeIncident(this.#deps.db, client.actor, policy, incident);
      }
      if (!visible) continue;
      client.send(
        change.kind === 'incident'
          ? { kind: 'incident', key: change.key }
          : { kind: 'event', ref: change.ref },
      );
    }
  }
}

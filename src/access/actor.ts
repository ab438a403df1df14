import type { Permission } from './permissions.ts';

/** Who is acting, with the permissions the active policy gives their roles. Built once per request. */
export interface Actor {
  readonly kind: 'user' | 'system';
  readonly userId: string | null;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<Permission>;
  readonly requestId: string | null;
}

/** The actor for work Cordon does on its own (first start, migrations, scheduled jobs). */
export function systemActor(requestId: string | null = null): Actor {
  return {
    kind: 'system',
    userId: null,
    username: 'cordon',
    name: 'Cordon',
    roles: [],
    permissions: new Set(),
    requestId,
  };
}

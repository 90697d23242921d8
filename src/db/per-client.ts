import type { Db } from './client';

/**
 * Memory an instance keeps beside its database client: one per Worker isolate and per Node process, one per test
 * app, and gone with the client.
 */
export function perClient<T>(make: (db: Db) => T): (db: Db) => T {
  const all = new WeakMap<Db, T>();
  return (db) => {
    let value = all.get(db);
    if (value === undefined) {
      value = make(db);
      all.set(db, value);
    }
    return value;
  };
}

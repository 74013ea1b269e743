// The in-memory session store: idle expiry, and which session goes when it is full (anonymous ones first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySessionStore } from '../../src/remoting/index.js';

describe('MemorySessionStore', () => {
  it('forgets a session idle past its ttl', () => {
    let now = 0;
    const store = new MemorySessionStore({ ttlMs: 1000, now: () => now });
    const s = store.create();
    now = 900;
    assert.equal(store.get(s.id), s);
    now = 1800;
    assert.equal(store.get(s.id), s);
    now = 2801;
    assert.equal(store.get(s.id), undefined);
  });

  it('when full, a flood of anonymous sessions never evicts a logged-in one', () => {
    let now = 0;
    const store = new MemorySessionStore({ maxSessions: 4, now: () => now });
    const user = store.create();
    user.user = 'ada'; // logged in after creation, as the gateway's login does
    const anon = store.create();
    for (let i = 0; i < 50; i++) {
      now++;
      store.create();
    }
    assert.equal(store.size, 4);
    assert.equal(store.get(user.id), user);
    assert.equal(store.get(anon.id), undefined);
  });

  it('evicts the least recently used anonymous session first, then logged-in ones only when all are', () => {
    let now = 0;
    const store = new MemorySessionStore({ maxSessions: 3, now: () => now });
    const a = store.create();
    const b = store.create();
    const c = store.create();
    now = 10;
    store.get(a.id); // a is now the most recently used
    store.create(); // evicts b
    assert.equal(store.get(b.id), undefined);
    assert.equal(store.get(a.id), a);
    assert.equal(store.get(c.id), c);
    // All logged in: the least recently used logged-in session goes.
    const full = new MemorySessionStore({ maxSessions: 2, now: () => now });
    const x = full.create();
    x.user = 'x';
    const y = full.create();
    y.user = 'y';
    now = 5;
    full.get(y.id);
    now = 20;
    full.get(x.id);
    const z = full.create();
    assert.equal(full.get(y.id), undefined);
    assert.equal(full.get(x.id), x);
    assert.equal(full.get(z.id), z);
  });

  it('when full, drops an expired logged-in session before a live anonymous one', () => {
    let now = 0;
    const store = new MemorySessionStore({ maxSessions: 2, ttlMs: 100, now: () => now });
    const old = store.create();
    old.user = 'gone';
    now = 150;
    const anon = store.create();
    store.create();
    assert.equal(store.get(anon.id), anon);
    assert.equal(store.get(old.id), undefined);
    assert.equal(store.size, 2);
  });
});

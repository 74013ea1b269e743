// The service sandbox: only registered names are reachable, nothing from Object.prototype or Function.prototype,
// no `_` names, no getters, and arguments are checked before the call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { checkArguments, isCallableName, RemotingError, ServiceRegistry } from '../../src/remoting/index.js';

class Users {
  secret = 'x';
  find(id: number): string {
    return `user ${id}`;
  }
  _internal(): string {
    return 'no';
  }
  get computed(): string {
    throw new Error('a getter must never run');
  }
}

describe('service registry', () => {
  it('exposes class methods through the prototype chain, not fields, getters or _ names', () => {
    const r = new ServiceRegistry();
    r.add('Users', new Users());
    assert.ok(r.resolve('Users', 'find'));
    for (const name of ['secret', '_internal', 'computed', 'constructor']) assert.equal(r.resolve('Users', name), undefined, name);
  });

  it('never resolves Object.prototype or Function.prototype members, whatever the object', () => {
    const r = new ServiceRegistry();
    r.add('echo', { echo: (x: unknown) => x });
    r.add('fn', Object.assign(() => 1, { run: () => 2 }));
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'call', 'apply', 'bind', 'prototype', 'then']) {
      assert.equal(r.resolve('echo', name), undefined, name);
      assert.equal(r.resolve('fn', name), undefined, name);
      assert.equal(isCallableName(name), false, name);
    }
    assert.ok(r.resolve('fn', 'run'));
  });

  it('refuses to register a forbidden name even when the allowlist names it', () => {
    const r = new ServiceRegistry();
    for (const name of ['toString', '_x', 'constructor', '__proto__']) {
      assert.throws(() => r.add(`s${name}`, { toString: () => 'x', _x: () => 1 }, { methods: [name] }), (e: RemotingError) => e.code === 'REMOTING_ERR_FORBIDDEN_NAME');
    }
  });

  it('limits a service to its allowlist', () => {
    const r = new ServiceRegistry();
    r.add('svc', { a: () => 1, b: () => 2 }, { methods: ['a'] });
    assert.ok(r.resolve('svc', 'a'));
    assert.equal(r.resolve('svc', 'b'), undefined);
    assert.throws(() => r.add('svc2', { a: 1 }, { methods: ['a'] }), (e: RemotingError) => e.code === 'REMOTING_ERR_BAD_SERVICE');
  });

  it('splits dotted targets at the last dot and never matches unknown services', () => {
    const r = new ServiceRegistry();
    r.add('com.example.Users', new Users());
    assert.equal(r.resolveTarget('com.example.Users.find')?.method, 'find');
    for (const t of ['', '.', 'find', 'com.example.Users', 'com.example.Users.', '.find', 'Object.keys', 'constructor.constructor', 'process.exit']) {
      assert.equal(r.resolveTarget(t), undefined, t);
    }
  });

  it('without an allowlist stops at built-in classes: EventEmitter, streams and native classes expose nothing', () => {
    class Base extends EventEmitter {
      list(): string[] {
        return [];
      }
    }
    class Chat extends Base {
      say(text: string): string {
        this.emit('said', text);
        return text;
      }
    }
    class Feed extends Readable {
      latest(): number {
        return 1;
      }
    }
    class Registry extends Map<string, number> {
      count(): number {
        return this.size;
      }
    }
    const r = new ServiceRegistry();
    r.add('Chat', Object.assign(new Chat(), { own: () => 1 }));
    r.add('Feed', new Feed());
    r.add('Registry', new Registry());
    for (const name of ['say', 'list', 'own']) assert.ok(r.resolve('Chat', name), name);
    for (const name of ['emit', 'on', 'once', 'removeAllListeners', 'setMaxListeners', 'addListener', 'listeners']) {
      assert.equal(r.resolve('Chat', name), undefined, name);
    }
    assert.ok(r.resolve('Feed', 'latest'));
    for (const name of ['push', 'read', 'pipe', 'destroy', 'emit', 'on']) assert.equal(r.resolve('Feed', name), undefined, name);
    assert.ok(r.resolve('Registry', 'count'));
    for (const name of ['clear', 'delete', 'set', 'get']) assert.equal(r.resolve('Registry', name), undefined, name);
    // An explicit allowlist still reaches inherited methods, exactly as named.
    r.add('Chat2', new Chat(), { methods: ['say', 'emit'] });
    assert.ok(r.resolve('Chat2', 'emit'));
  });

  it('snapshots methods at registration, so later mutation of the object adds nothing', () => {
    const svc: Record<string, unknown> = { a: () => 1 };
    const r = new ServiceRegistry();
    r.add('svc', svc);
    svc.b = () => 2;
    assert.equal(r.resolve('svc', 'b'), undefined);
  });

  it('rejects bad service names and duplicates', () => {
    const r = new ServiceRegistry();
    for (const n of ['', '_x', 'null']) assert.throws(() => r.add(n, {}), (e: RemotingError) => e.code === 'REMOTING_ERR_BAD_SERVICE');
    r.add('a', {});
    assert.throws(() => r.add('a', {}), (e: RemotingError) => e.code === 'REMOTING_ERR_BAD_SERVICE');
  });
});

describe('argument checks', () => {
  const r = new ServiceRegistry({ maxArgs: 4 });
  r.add('svc', {
    two: (a: unknown, b: unknown) => [a, b],
    typed: (...args: unknown[]) => args,
    any: (...args: unknown[]) => args,
  }, { argTypes: { typed: ['string', 'int', (v) => v === 'ok', 'date?'] } });

  it('requires at least the declared parameter count', () => {
    const m = r.resolve('svc', 'two')!;
    assert.match(checkArguments(m, [1]) ?? '', /at least 2/);
    assert.equal(checkArguments(m, [1, 2]), undefined);
  });

  it('caps the argument count', () => {
    assert.match(checkArguments(r.resolve('svc', 'any')!, [1, 2, 3, 4, 5]) ?? '', /at most 4/);
  });

  it('checks declared types, optional trailing types and custom checks', () => {
    const m = r.resolve('svc', 'typed')!;
    assert.equal(checkArguments(m, ['a', 1, 'ok']), undefined);
    assert.equal(checkArguments(m, ['a', 1, 'ok', null]), undefined);
    assert.equal(checkArguments(m, ['a', 1, 'ok', new Date(0)]), undefined);
    assert.match(checkArguments(m, ['a', 1.5, 'ok']) ?? '', /argument 2 .* int/);
    assert.match(checkArguments(m, [1, 1, 'ok']) ?? '', /argument 1 .* string/);
    assert.match(checkArguments(m, ['a', 1, 'ok', 'x']) ?? '', /argument 4 .* date/);
    assert.match(checkArguments(m, ['a', 1, 'no']) ?? '', /custom check/);
    assert.match(checkArguments(m, ['a', 1]) ?? '', /at least 3/);
    assert.match(checkArguments(m, ['a', 1, 'ok', null, 5]) ?? '', /at most 4/);
  });
});

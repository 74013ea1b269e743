// Properties of stream-name and app-path resolution over arbitrary input: only typed errors, and a resolved
// path never leaves the application's folder.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveStreamName } from '../../src/server/stream-name.js';
import { parseAppPath } from '../../src/server/app-path.js';
import { ServerError } from '../../src/server/errors.js';

const pieces = fc.constantFrom('..', '.', '/', '\\', '%2e', '%2f', '\u0000', 'flv:', 'mp4:', '?', '&', '=', 'a', 'b.flv', 'c.mp4', '__proto__', 'rtmp://h/', '_definst_', ':', '~', ' ');
const hostile = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')));

describe('stream-name and app-path properties', () => {
  it('resolve or throw a ServerError, and never yield a path that escapes', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        try {
          const s = resolveStreamName(raw, { app: 'vod' });
          const segments = s.path.split('/');
          assert.ok(!s.path.startsWith('/'));
          assert.ok(!segments.includes('..') && !segments.includes('.') && !segments.includes(''));
          assert.ok(!/[\\\u0000]/.test(s.path));
          assert.equal(Object.getPrototypeOf(s.query), null);
        } catch (e) {
          assert.ok(e instanceof ServerError, String(e));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parse app paths or throw a ServerError; instances never contain dot segments', () => {
    fc.assert(
      fc.property(hostile, hostile, (app, tcUrl) => {
        try {
          const p = parseAppPath(app, tcUrl);
          assert.ok(p.application.length > 0);
          assert.ok(!p.instance.split('/').some((x) => x === '..' || x === '.' || x === ''));
        } catch (e) {
          assert.ok(e instanceof ServerError, String(e));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyShapeProblem, MAX_BODY_DEPTH } from './body-shape';

test('ordinary bodies pass, however wide', () => {
  assert.equal(
    bodyShapeProblem({ name: 'x', hubspot: { accessToken: 't' }, list: [1, { a: [] }] }),
    null,
  );
  assert.equal(bodyShapeProblem(undefined), null);
  assert.equal(
    bodyShapeProblem(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))),
    null,
  );
});

test('a body nested past the limit is refused without recursion', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  assert.match(
    bodyShapeProblem(deep) ?? '',
    new RegExp(`^a nests deeper than ${MAX_BODY_DEPTH} levels`),
  );
});

test('keys that address the object prototype are refused wherever they are', () => {
  assert.equal(
    bodyShapeProblem(JSON.parse('{"mapping":{"__proto__":{"x":1}}}')),
    'property /mapping/__proto__ should not exist',
  );
  assert.equal(
    bodyShapeProblem(JSON.parse('[{"constructor":1}]')),
    'property /0/constructor should not exist',
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RollingWindow } from './rolling-window';

describe('RollingWindow', () => {
  it('counts events inside (now - window, now] and forgets older ones', () => {
    const window = new RollingWindow(10_000);
    assert.equal(window.add(1_000), 1);
    assert.equal(window.add(5_000), 2);
    assert.equal(window.count(10_999), 2);
    assert.equal(window.count(11_000), 1, 'the event at 1000 leaves exactly 10 s later');
    assert.equal(window.count(15_000), 0);
  });

  it('tells how long until the oldest event frees a slot', () => {
    const window = new RollingWindow(10_000);
    window.add(2_000);
    window.add(3_000);
    assert.equal(window.msUntilSlotFrees(4_000), 8_000);
    assert.equal(new RollingWindow(10_000).msUntilSlotFrees(0), 0);
  });

  it('stays correct across many evictions', () => {
    const window = new RollingWindow(100);
    for (let t = 0; t < 20_000; t += 1) window.add(t);
    assert.equal(window.count(19_999), 100);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriftItem } from './classify-drift';
import { DriftTally, EXAMPLES_PER_CLASS } from './drift-tally';

const item = (sourceId: string, extra: Partial<DriftItem> = {}): DriftItem => ({
  class: 'edited',
  entity: 'employee',
  sourceId,
  objectType: 'contacts',
  hubspotId: '1',
  repair: 'resend',
  detail: 'edited in HubSpot: firstname',
  ...extra,
});

describe('DriftTally', () => {
  it('counts every item but keeps only the first examples of each class', () => {
    const tally = new DriftTally(true, 'peoplesoft-wins');
    for (let page = 0; page < 5; page++) {
      tally.add(Array.from({ length: 10 }, (_, k) => item(`E${page * 10 + k}`)));
    }
    tally.add([item('Z1', { class: 'orphaned', entity: null, repair: 'none' })]);
    assert.deepEqual(tally.counts, {
      'in-sync': 0,
      edited: 50,
      'archived-deleted': 0,
      merged: 0,
      orphaned: 1,
      missing: 0,
    });
    assert.equal(tally.examples.edited?.length, EXAMPLES_PER_CLASS);
    assert.equal((tally.examples.edited?.[19] as { sourceId: string }).sourceId, 'E19');
    assert.deepEqual(tally.examples.orphaned, [
      {
        entity: null,
        sourceId: 'Z1',
        objectType: 'contacts',
        hubspotId: '1',
        detail: 'edited in HubSpot: firstname',
        action: 'reported',
      },
    ]);
  });

  it('says what was done, or what a dry run or report-only would do', () => {
    const merge = item('E1', { class: 'merged', repair: 'follow-merge', survivorId: '9' });
    const actionOf = (tally: DriftTally) =>
      (tally.examples.merged?.[0] as { action: string }).action;
    const repaired = new DriftTally(true, 'peoplesoft-wins');
    repaired.add([merge]);
    assert.equal(actionOf(repaired), 'stored HubSpot id set to 9');
    const dry = new DriftTally(false, 'peoplesoft-wins');
    dry.add([merge]);
    assert.equal(actionOf(dry), 'dry run (would be: stored HubSpot id set to 9)');
    const reported = new DriftTally(false, 'report-only');
    reported.add([merge]);
    assert.equal(actionOf(reported), 'reported (would be: stored HubSpot id set to 9)');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type CouncilFixture, createCouncilFixture, memberOf } from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

const FIVE = ['strategist', 'engineer', 'designer', 'architect', 'philosopher'];

/** Reviewer → the members in the order its prompt showed them (label A first), read from the prompt itself. */
function shownOrder(fixture: CouncilFixture): Record<string, string[]> {
  return Object.fromEntries(
    fixture
      .callsOf('review')
      .map((call) => [memberOf(call), [...call.labels.values()].map((text) => text.split(' ')[0]!)]),
  );
}

describe('anonymized peer review', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('each reviewer sees only the others, under labels shuffled independently per reviewer', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: FIVE,
      date: '2025-11-07',
      seed: 42,
    });
    const shown = shownOrder(fixture);
    expect(Object.keys(shown).sort()).toEqual([...FIVE].sort());
    for (const reviewer of FIVE) {
      const call = fixture.callsOf('review').find((candidate) => memberOf(candidate) === reviewer)!;
      // Never its own answer, every other answer exactly once, labels A–D.
      expect([...shown[reviewer]!].sort()).toEqual(FIVE.filter((member) => member !== reviewer).sort());
      expect([...call.labels.keys()]).toEqual(['A', 'B', 'C', 'D']);
      expect(call.lastUser).not.toContain(`${reviewer} answer`);
      // No model or role names leak into the labelled answers' headers.
      expect(call.lastUser).not.toMatch(/### |Strategist|Engineer|Designer|Architect|Philosopher/);
      // The recorded label map is exactly what the prompt showed.
      const review = run.review!.reviews.find((entry) => entry.reviewer === reviewer)!;
      expect(Object.values(review.labels)).toEqual(
        [...call.labels.values()].map((text) => text.split(' ')[0]),
      );
    }
    // Independent shuffles, not one global order minus the reviewer: some two reviewers see some pair of
    // answers in opposite orders.
    const shownBefore = (reviewer: string, first: string, second: string) =>
      shown[reviewer]!.indexOf(first) < shown[reviewer]!.indexOf(second);
    const conflicting = FIVE.flatMap((first) =>
      FIVE.flatMap((second) =>
        FIVE.flatMap((one) =>
          FIVE.filter(
            (other) =>
              ![first, second].includes(one) &&
              ![first, second].includes(other) &&
              first !== second &&
              shownBefore(one, first, second) &&
              shownBefore(other, second, first),
          ),
        ),
      ),
    );
    expect(conflicting.length).toBeGreaterThan(0);
  });

  it('the same seed reproduces the same label maps; another seed shuffles differently', async () => {
    const labelMaps = async (seed: number) => {
      fixture = await createCouncilFixture();
      const { run } = await runToEnd(fixture.context, {
        question: 'q',
        agents: FIVE,
        date: '2025-11-07',
        seed,
      });
      await fixture.close();
      return run.review!.reviews.map((review) => review.labels);
    };
    const first = await labelMaps(1);
    expect(await labelMaps(1)).toEqual(first);
    expect(await labelMaps(2)).not.toEqual(first);
    fixture = await createCouncilFixture();
  });

  it('rankings are mapped back through each reviewer’s own labels', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: FIVE,
      date: '2025-11-07',
      seed: 5,
    });
    // Every reviewer prefers engineer > designer > strategist > architect > philosopher, whatever labels it saw.
    for (const review of run.review!.reviews) {
      expect(review.ranking).toEqual(
        ['engineer', 'designer', 'strategist', 'architect', 'philosopher'].filter(
          (member) => member !== review.reviewer,
        ),
      );
      expect(review.rankingLabels.map((label) => review.labels[label])).toEqual(review.ranking);
    }
    expect(run.review!.aggregate.map((entry) => [entry.member, entry.averageRank, entry.votes])).toEqual([
      ['engineer', 1, 4],
      ['designer', 1.75, 4],
      ['strategist', 2.5, 4],
      ['architect', 3.25, 4],
      ['philosopher', 4, 4],
    ]);
  });
});

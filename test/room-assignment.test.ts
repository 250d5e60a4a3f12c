import fc from 'fast-check';
import { type AssignmentProblem, assignRooms } from '../src/modules/room-assignment/room-assignment';

/**
 * Property-based checks of the pure assignment (src/modules/room-assignment/room-assignment.ts) over
 * thousands of random calendars, against two oracles: night capacity (exact when nothing is fixed) and an
 * exhaustive search (exact always, small calendars only).
 */

interface Item {
  room: number;
  from: number;
  nights: number;
  fixed: boolean;
}

/** A random, consistent calendar of a type: items that would overlap in their room are dropped. */
const calendar = (options: { fixedItems: boolean; maxRooms: number; maxItems: number; horizon: number }) =>
  fc
    .record({
      rooms: fc.integer({ min: 1, max: options.maxRooms }),
      items: fc.array(
        fc.record({
          room: fc.nat(options.maxRooms - 1),
          from: fc.nat(options.horizon - 1),
          nights: fc.integer({ min: 1, max: 6 }),
          fixed: options.fixedItems ? fc.boolean() : fc.constant(false),
        }),
        { maxLength: options.maxItems },
      ),
      stay: fc.record({ from: fc.nat(options.horizon - 1), nights: fc.integer({ min: 1, max: 6 }) }),
    })
    .map(({ rooms, items, stay }) => {
      const roomIds = Array.from({ length: rooms }, (_, i) => `room-${i}`);
      const kept: Item[] = [];
      for (const item of items) {
        const room = item.room % rooms;
        const clash = kept.some((k) => k.room === room && k.from < item.from + item.nights && item.from < k.from + k.nights);
        if (!clash) kept.push({ ...item, room });
      }
      const problem: AssignmentProblem = {
        rooms: roomIds,
        fixed: kept.filter((k) => k.fixed).map((k) => ({ room: roomIds[k.room]!, from: k.from, to: k.from + k.nights })),
        movable: kept
          .filter((k) => !k.fixed)
          .map((k, i) => ({ id: `stay-${i}`, room: roomIds[k.room]!, from: k.from, to: k.from + k.nights })),
        stay: { id: 'new', from: stay.from, to: stay.from + stay.nights },
      };
      return problem;
    });

/** Every stay has a room of the type, and no room holds two things on one night. */
function assertValid(problem: AssignmentProblem, rooms: Map<string, string>): void {
  const stays = [...problem.movable, { ...problem.stay, room: null }];
  expect(rooms.size).toBe(stays.length);
  const nights = new Set<string>();
  const take = (room: string, from: number, to: number) => {
    if (!problem.rooms.includes(room)) throw new Error(`${room} is not a room of the type`);
    for (let night = from; night < to; night += 1) {
      const key = `${room}@${night}`;
      if (nights.has(key)) throw new Error(`double booking: ${key}`);
      nights.add(key);
    }
  };
  for (const item of problem.fixed) take(item.room, item.from, item.to);
  for (const stay of stays) take(rooms.get(stay.id)!, stay.from, stay.to);
}

/** Each night has a room for every stay on it, fixed items counted. */
function everyNightHasCapacity(problem: AssignmentProblem): boolean {
  const all = [...problem.fixed, ...problem.movable, problem.stay];
  const last = Math.max(...all.map((s) => s.to));
  for (let night = 0; night < last; night += 1) {
    if (all.filter((s) => s.from <= night && night < s.to).length > problem.rooms.length) return false;
  }
  return true;
}

/** Exhaustive search over every room for every stay: exact, for small calendars. */
function bruteForceExists(problem: AssignmentProblem): boolean {
  const stays = [...problem.movable, problem.stay];
  const placed: { room: string; from: number; to: number }[] = [...problem.fixed];
  const go = (i: number): boolean => {
    if (i === stays.length) return true;
    const s = stays[i]!;
    for (const room of problem.rooms) {
      if (placed.some((p) => p.room === room && p.from < s.to && s.from < p.to)) continue;
      placed.push({ room, from: s.from, to: s.to });
      if (go(i + 1)) return true;
      placed.pop();
    }
    return false;
  };
  return go(0);
}

describe('room assignment (property-based)', () => {
  it('with every stay movable, succeeds exactly when every night has capacity, and never double-books', () => {
    fc.assert(
      fc.property(calendar({ fixedItems: false, maxRooms: 8, maxItems: 40, horizon: 30 }), (problem) => {
        const result = assignRooms(problem);
        expect(result !== null).toBe(everyNightHasCapacity(problem));
        if (result) assertValid(problem, result.rooms);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('with fixed items (blocks, stays for a specific room), succeeds exactly when some arrangement exists', () => {
    fc.assert(
      fc.property(calendar({ fixedItems: true, maxRooms: 4, maxItems: 9, horizon: 12 }), (problem) => {
        const result = assignRooms(problem);
        expect(result !== null).toBe(bruteForceExists(problem));
        if (result) assertValid(problem, result.rooms);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('reports exactly the stays that changed room, and moves nothing when a room is free for the new stay', () => {
    fc.assert(
      fc.property(calendar({ fixedItems: true, maxRooms: 6, maxItems: 30, horizon: 30 }), (problem) => {
        const result = assignRooms(problem);
        if (!result) return;
        const reported = new Map(result.moves.map((m) => [m.id, m]));
        for (const stay of problem.movable) {
          const room = result.rooms.get(stay.id)!;
          expect(reported.has(stay.id)).toBe(room !== stay.room);
        }
        const freeRoom = problem.rooms.some(
          (room) =>
            ![...problem.fixed, ...problem.movable].some((o) => o.room === room && o.from < problem.stay.to && problem.stay.from < o.to),
        );
        if (freeRoom) expect(result.moves).toEqual([]);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it('gives up with null, not a wrong answer, when the search budget runs out', () => {
    const problem: AssignmentProblem = {
      rooms: ['a', 'b'],
      fixed: [],
      movable: [{ id: 'm', room: 'a', from: 0, to: 2 }],
      stay: { id: 'new', from: 0, to: 2 },
    };
    expect(assignRooms(problem)?.rooms).toEqual(new Map([['m', 'a'], ['new', 'b']]));
    expect(assignRooms({ ...problem, maxSteps: 1 })).toBeNull();
  });
});

/**
 * Floating room assignment: which room of a type each stay sleeps in. Pure: days are integers (nights
 * [from, to), half-open), rooms and stays are ids. The booking path feeds it the type's calendar under the
 * room locks and writes back what moved; the database's exclusion constraints stay the guarantee.
 *
 * The problem is interval colouring with some colours fixed in advance (blocks, external events, stays
 * booked for a specific room, stays past the cut-off). Without fixed items, greedy by check-in is optimal
 * (a stay finds a free room whenever its first night has one: every earlier-assigned stay that still
 * occupies a room covers that night). With fixed items the problem is NP-complete in general
 * (precolouring extension of interval graphs), so the search below is greedy by check-in with
 * backtracking: exact within `maxSteps`, and it never backtracks when no fixed item lies in the window.
 */

export interface AssignmentStay {
  id: string;
  from: number;
  to: number;
  /** Where it sleeps now (null for the new stay): tried first, so stays that need not move stay put. */
  room: string | null;
}

export interface AssignmentProblem {
  /** The type's rooms, in the canonical order. */
  rooms: readonly string[];
  /** Nights a room cannot give, whatever we do: blocks, external events, stays that never move. */
  fixed: readonly { room: string; from: number; to: number }[];
  /** Stays that may change room (each sits in `room` today). */
  movable: readonly AssignmentStay[];
  /** The stay being booked. */
  stay: { id: string; from: number; to: number };
  /** Search budget (nodes tried) before giving up with `null`. */
  maxSteps?: number;
}

export interface Assignment {
  /** A room for the new stay and for every movable stay. */
  rooms: Map<string, string>;
  /** The movable stays whose room changed: id → { from room, to room }. */
  moves: { id: string; from: string; to: string }[];
}

export const DEFAULT_MAX_STEPS = 200_000;

interface FixedCalendar {
  starts: number[];
  ends: number[];
}

/** True when [from, to) overlaps none of the sorted, non-overlapping intervals. */
function freeOf(calendar: FixedCalendar | undefined, from: number, to: number): boolean {
  if (!calendar) return true;
  // First interval ending after `from`.
  let lo = 0;
  let hi = calendar.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calendar.ends[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo === calendar.starts.length || calendar.starts[lo]! >= to;
}

/** The fixed intervals of a room that end after `day`, as a key: rooms with equal keys are interchangeable. */
function futureKey(calendar: FixedCalendar | undefined, day: number): string {
  if (!calendar) return '';
  let key = '';
  for (let i = 0; i < calendar.ends.length; i += 1) if (calendar.ends[i]! > day) key += `${calendar.starts[i]}-${calendar.ends[i]},`;
  return key;
}

/**
 * A room for the new stay and every movable stay such that no two stays and no fixed item share a room
 * on a night; `null` when there is none (or the budget ran out). Movable stays that do not overlap the new
 * stay's chain of overlapping stays keep their room: only that chain is re-arranged.
 */
export function assignRooms(problem: AssignmentProblem): Assignment | null {
  const { rooms, stay } = problem;
  if (stay.to <= stay.from) throw new Error('a stay has at least one night');
  const calendars = new Map<string, FixedCalendar>();
  for (const item of [...problem.fixed].sort((a, b) => a.from - b.from)) {
    const calendar = calendars.get(item.room) ?? { starts: [], ends: [] };
    calendar.starts.push(item.from);
    calendar.ends.push(item.to);
    calendars.set(item.room, calendar);
  }

  // The chain: movable stays connected to the new stay by overlaps. Anything outside it lies wholly before
  // or after the chain's span (an interval overlapping the span overlaps one of its stays), so it keeps its
  // room without touching the chain's choices.
  const all: AssignmentStay[] = [...problem.movable, { ...stay, room: null }].sort((a, b) => a.from - b.from || a.to - b.to);
  let groupStart = 0;
  let groupTo = -Infinity;
  let chain: AssignmentStay[] = [];
  const result = new Map<string, string>();
  const closeGroup = (end: number) => {
    const group = all.slice(groupStart, end);
    if (group.some((s) => s.room === null)) chain = group;
    else for (const s of group) result.set(s.id, s.room!);
  };
  all.forEach((s, i) => {
    if (s.from >= groupTo && i > 0) {
      closeGroup(i);
      groupStart = i;
    }
    groupTo = Math.max(groupTo, s.to);
  });
  closeGroup(all.length);
  const spanFrom = chain[0]!.from;
  const spanTo = Math.max(...chain.map((s) => s.to));
  if (!nightsFit(rooms, calendars, chain, spanFrom, spanTo)) return null;

  const busyUntil = new Map<string, number>(rooms.map((room) => [room, -Infinity]));
  const choice: string[] = [];
  const maxSteps = problem.maxSteps ?? DEFAULT_MAX_STEPS;
  let steps = 0;

  const place = (index: number): boolean => {
    if (index === chain.length) return true;
    const s = chain[index]!;
    const tried = new Set<string>();
    for (const room of candidates(s)) {
      if (busyUntil.get(room)! > s.from || !freeOf(calendars.get(room), s.from, s.to)) continue;
      // Rooms whose future (fixed items after this check-in) is the same are interchangeable here.
      const key = futureKey(calendars.get(room), s.from);
      if (tried.has(key)) continue;
      tried.add(key);
      if (++steps > maxSteps) return false;
      const before = busyUntil.get(room)!;
      busyUntil.set(room, s.to);
      choice[index] = room;
      if (place(index + 1)) return true;
      busyUntil.set(room, before);
      if (steps > maxSteps) return false;
    }
    return false;
  };
  // Where the chain's stays sit today: a room whose current guests do not overlap a stay is tried before
  // one that would push someone out, so a calendar with a free room moves nobody.
  const current = new Map<string, FixedCalendar>();
  for (const s of chain) {
    if (s.room === null) continue;
    const calendar = current.get(s.room) ?? { starts: [], ends: [] };
    calendar.starts.push(s.from);
    calendar.ends.push(s.to);
    current.set(s.room, calendar);
  }
  // Lazily: most stays keep their own room, and the other rooms are never looked at.
  function* candidates(s: AssignmentStay): Generator<string> {
    if (s.room !== null) yield s.room;
    const displacing: string[] = [];
    for (const room of rooms) {
      if (room === s.room) continue;
      if (freeOf(current.get(room), s.from, s.to)) yield room;
      else displacing.push(room);
    }
    yield* displacing;
  }

  if (!place(0)) return null;
  const moves: Assignment['moves'] = [];
  chain.forEach((s, i) => {
    result.set(s.id, choice[i]!);
    if (s.room !== null && s.room !== choice[i]) moves.push({ id: s.id, from: s.room, to: choice[i]! });
  });
  return { rooms: result, moves };
}

/** Every night of the span has a room for each stay on it (a necessary condition; sufficient without fixed items). */
function nightsFit(rooms: readonly string[], calendars: Map<string, FixedCalendar>, chain: AssignmentStay[], from: number, to: number): boolean {
  const length = to - from;
  const demand = new Int32Array(length + 1);
  for (const s of chain) {
    demand[s.from - from]! += 1;
    demand[s.to - from]! -= 1;
  }
  const taken = new Int32Array(length + 1);
  for (const room of rooms) {
    const calendar = calendars.get(room);
    if (!calendar) continue;
    for (let i = 0; i < calendar.starts.length; i += 1) {
      const a = Math.max(calendar.starts[i]!, from);
      const b = Math.min(calendar.ends[i]!, to);
      if (a < b) {
        taken[a - from]! += 1;
        taken[b - from]! -= 1;
      }
    }
  }
  let stays = 0;
  let blocked = 0;
  for (let night = 0; night < length; night += 1) {
    stays += demand[night]!;
    blocked += taken[night]!;
    if (stays > rooms.length - blocked) return false;
  }
  return true;
}

/**
 * bench/room-assignment: the floating assignment (src/modules/room-assignment/room-assignment.ts) on a
 * 200-room type holding 2,000 reservations, for new stays that fit the type's capacity every night but no
 * single room: the case where a booking re-arranges the calendar. Pure computation (no database): what the
 * booking transaction adds while it holds the type's room locks.
 * Run: npm run bench:assignment   (the figures go to docs/benchmarks.md)
 */
import { type AssignmentProblem, assignRooms } from '../src/modules/room-assignment/room-assignment';
import { machine, ms, percentile, runBenchmark, writeFigures } from './support';

const ROOMS = 200;
const RESERVATIONS = 2_000;
const PROBLEMS = 200;
const FIXED_SHARE = 0.1;

/** mulberry32, so every run measures the same calendars. */
function random(seed: number) {
  let state = seed >>> 0;
  return (max: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * max);
  };
}

/** A full calendar: each room holds stays of 1–7 nights with gaps of 0–2 nights; 10 % of stays (and blocks) never move. */
function calendar(seed: number, fixedShare: number): Omit<AssignmentProblem, 'stay'> & { horizon: number } {
  const rand = random(seed);
  const rooms = Array.from({ length: ROOMS }, (_, i) => `room-${String(i).padStart(3, '0')}`);
  const fixed: AssignmentProblem['fixed'][number][] = [];
  const movable: AssignmentProblem['movable'][number][] = [];
  let horizon = 0;
  for (const [r, room] of rooms.entries()) {
    let day = rand(3);
    for (let k = 0; k < RESERVATIONS / ROOMS; k += 1) {
      const nights = 1 + rand(7);
      if (rand(1000) < fixedShare * 1000) fixed.push({ room, from: day, to: day + nights });
      else movable.push({ id: `stay-${r}-${k}`, room, from: day, to: day + nights });
      day += nights + rand(3);
    }
    horizon = Math.max(horizon, day);
  }
  return { rooms, fixed, movable, horizon };
}

/** A new stay that every night has room for, but no single room does (so the booking must re-arrange). */
function needsRearranging(base: ReturnType<typeof calendar>, seed: number): AssignmentProblem | null {
  const rand = random(seed);
  const items = [...base.fixed, ...base.movable];
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const from = rand(base.horizon - 10);
    const to = from + 2 + rand(6);
    let fits = true;
    for (let night = from; night < to && fits; night += 1) {
      fits = items.filter((s) => s.from <= night && night < s.to).length < base.rooms.length;
    }
    const freeRoom = base.rooms.some((room) => !items.some((s) => s.room === room && s.from < to && from < s.to));
    if (fits && !freeRoom) return { ...base, stay: { id: 'new', from, to } };
  }
  return null;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  for (const fixedShare of [0, FIXED_SHARE]) {
    const durations: number[] = [];
    let placed = 0;
    let refused = 0;
    let moved = 0;
    for (let seed = 1; durations.length < PROBLEMS; seed += 1) {
      const problem = needsRearranging(calendar(seed, fixedShare), seed * 7919);
      if (!problem) continue;
      assignRooms(problem); // warm-up of this shape
      const started = performance.now();
      const result = assignRooms(problem);
      durations.push(performance.now() - started);
      if (result) {
        placed += 1;
        moved += result.moves.length;
      } else refused += 1;
    }
    lines.push(
      `| ${fixedShare === 0 ? 'all movable' : `${fixedShare * 100} % fixed (blocks, specific rooms)`} | ${PROBLEMS} | ${placed} / ${refused} | ` +
        `${(moved / Math.max(placed, 1)).toFixed(1)} | ${ms(percentile(durations, 50))} | ${ms(percentile(durations, 95))} | ${ms(Math.max(...durations))} |`,
    );
  }
  const markdown = `## Room assignment (\`npm run bench:assignment\`)

${new Date().toISOString().slice(0, 10)}, ${machine()}. One room type of ${ROOMS} rooms holding ${RESERVATIONS.toLocaleString('en')} reservations
(each room filled with stays of 1–7 nights and gaps of 0–2 nights, ~60 days), and a new stay of 2–7 nights that every night has
a room for but no single room does, so the booking must re-arrange. Each figure times \`assignRooms\` alone (what the booking adds
while it holds the type's room locks), after one warm-up call on the same calendar. Target: under 50 ms.

| calendar | problems | placed / refused | moves per placement | p50 | p95 | max |
|---|---|---|---|---|---|---|
${lines.join('\n')}`;
  console.log(markdown);
  console.log(`written to ${await writeFigures('assignment', markdown)}`);
}

runBenchmark(main);

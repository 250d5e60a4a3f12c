import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setInterval } from 'node:timers/promises';
import type { Resolvers } from '../../generated/graphql';
import { badInput } from '../../platform/errors';
import { displayLocale } from '../../platform/i18n/display-locale';
import { formatMoney } from '../../platform/money';
import { projectRoot } from '../../platform/project-root';
import { DateScalar, DateTimeScalar, SafeIntScalar } from './scalars';

const { version } = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };


async function* heartbeats(intervalSeconds: number) {
  // Unreferenced: an idle subscription never holds the process open at shutdown.
  for await (const _ of setInterval(intervalSeconds * 1000, undefined, { ref: false })) {
    yield { heartbeat: { time: new Date() } };
  }
}

export const systemResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  SafeInt: SafeIntScalar,
  Money: {
    formatted: (amount, { locale }) => formatMoney(amount, displayLocale(locale)),
  },
  Query: {
    serverInfo: () => ({
      name: 'staygraph',
      version,
      time: new Date(),
      environment: (process.env['NODE_ENV'] ?? 'development').toUpperCase(),
    }),
  },
  Mutation: {
    ping: () => true,
  },
  Subscription: {
    heartbeat: {
      subscribe: (_source, { intervalSeconds }) => {
        const seconds = intervalSeconds ?? 10;
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
          throw badInput('intervalSeconds', 'intervalSeconds must be between 1 and 60');
        }
        return heartbeats(seconds);
      },
    },
  },
};

import { Accounts1795305600000 } from './1795305600000-accounts';

/** Every migration, oldest first. Listed explicitly so tsx, jest and compiled builds load the same set. */
export const migrations = [Accounts1795305600000];

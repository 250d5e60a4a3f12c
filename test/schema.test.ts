import { execFile } from 'node:child_process';
import { cp, mkdtemp, appendFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { applyAuthorization, rootFieldsWithoutRule } from '../src/server/authorization';
import { buildSchema, loadTypeDefs } from '../src/server/schema';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const checkCodegen = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/check-codegen.ts', ...args], { cwd: root });

describe('the schema', () => {
  it('declares an authorization rule (@auth or @public) on every operation', () => {
    expect(rootFieldsWithoutRule(buildSchema())).toEqual([]);
  });

  it('would notice an operation without a rule', () => {
    const schema = makeExecutableSchema({
      typeDefs: [...loadTypeDefs(), 'extend type Query { forgotten: Int }'],
    });
    expect(rootFieldsWithoutRule(schema)).toEqual(['Query.forgotten']);
  });

  it('hides @ownerOrAdmin fields from other users and shows them to the owner and admins', async () => {
    const schema = applyAuthorization(
      makeExecutableSchema({
        typeDefs: [...loadTypeDefs(), 'extend type Query { profileOf(userId: ID!): GuestProfile @public }'],
        resolvers: { Query: { profileOf: (_: unknown, { userId }: { userId: string }) => ({ userId, passportNumber: 'P123', updatedAt: new Date() }) } },
      }),
    );
    const read = (viewer: unknown) =>
      graphql({ schema, source: '{ profileOf(userId: "owner") { passportNumber } }', contextValue: { viewer } });
    expect((await read({ id: 'someone-else', role: 'HOST' })).data).toEqual({ profileOf: { passportNumber: null } });
    expect((await read(null)).data).toEqual({ profileOf: { passportNumber: null } });
    expect((await read({ id: 'owner', role: 'GUEST' })).data).toEqual({ profileOf: { passportNumber: 'P123' } });
    expect((await read({ id: 'admin', role: 'ADMIN' })).data).toEqual({ profileOf: { passportNumber: 'P123' } });
  });

  describe('generated resolver types', () => {
    it('are up to date with schema/*.graphql', async () => {
      const { stdout } = await checkCodegen();
      expect(stdout).toMatch(/up to date/);
    }, 60_000);

    it('are reported stale when the SDL changes', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-schema-'));
      try {
        await cp(path.join(root, 'schema'), dir, { recursive: true });
        await appendFile(path.join(dir, 'accounts.graphql'), '\nextend type User { nickname: String }\n');
        await expect(checkCodegen('--schema-dir', dir)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/stale/) });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
});

import { type DataSource, type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import { conflict, notFound } from '../../platform/errors';
import { fields, parseInput } from '../../platform/validation';
import { type Role, User } from './user.entity';

export interface UserFilter {
  search?: string | null;
  role?: Role | null;
}

const updateAccountSchema = z.object({
  fullName: fields.personName.optional(),
  phone: fields.phone.nullish(),
});

/** Reading and changing user accounts (credentials live in AuthService). */
export class UsersService {
  constructor(private readonly db: DataSource) {}

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id });
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    return this.db.getRepository(User).findBy({ id: In([...ids]) });
  }

  findByReferralCode(code: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ referralCode: code.trim().toUpperCase() });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ email: email.toLowerCase() });
  }

  /** The only read that includes the password hash. */
  findCredentials(email: string): Promise<Pick<User, 'id' | 'passwordHash'> | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .select(['user.id', 'user.passwordHash'])
      .where('user.email = :email', { email })
      .getOne();
  }

  /** A friendly CONFLICT before the insert; the unique indexes still decide under concurrency. */
  async assertEmailAndPhoneFree(manager: EntityManager, email: string, phone: string | null, exceptUserId?: string) {
    const users = manager.getRepository(User);
    const byEmail = await users.findOneBy({ email });
    if (byEmail && byEmail.id !== exceptUserId) throw conflict('An account with this email already exists', { field: 'email' });
    if (phone) {
      const byPhone = await users.findOneBy({ phone });
      if (byPhone && byPhone.id !== exceptUserId) throw conflict('An account with this phone number already exists', { field: 'phone' });
    }
  }

  async setRole(userId: string, role: Role, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(User, { id: userId }, { role });
  }

  async updateAccount(userId: string, input: { fullName?: string | null; phone?: string | null }): Promise<User> {
    const changes = parseInput(updateAccountSchema, input);
    return this.db.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      if (changes.phone) await this.assertEmailAndPhoneFree(manager, user.email, changes.phone, user.id);
      if (changes.fullName !== undefined) user.fullName = changes.fullName;
      if (changes.phone !== undefined) user.phone = changes.phone;
      return manager.save(user);
    });
  }

  search(filter: UserFilter | null | undefined, page: PageArgs): Promise<Connection<User>> {
    const query = this.db.getRepository(User).createQueryBuilder('user');
    const text = filter?.search?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(user.email ILIKE :pattern OR user.fullName ILIKE :pattern)', { pattern });
    }
    if (filter?.role) query.andWhere('user.role = :role', { role: filter.role });
    return paginateByCreation(query, page);
  }
}

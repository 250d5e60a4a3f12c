import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

export type Role = 'GUEST' | 'HOST' | 'ADMIN';

@Entity('users')
export class User extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower-case; uniqueness is enforced by a unique index on lower(email). */
  @Column('text')
  email: string;

  @Column('text')
  fullName: string;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('text')
  role: Role;

  /** REF-XXXXXX: given at registration; a new guest who enters it is linked to this account (referrals). */
  @Column('text')
  referralCode: string;

  @Column('uuid', { nullable: true })
  referredByUserId: string | null;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('guest_profiles')
export class GuestProfile {
  @PrimaryColumn('uuid')
  userId: string;

  @Column('text', { nullable: true })
  preferredLanguage: string | null;

  @Column('char', { length: 3, nullable: true })
  preferredCurrency: string | null;

  @Column('text', { nullable: true })
  preferencesNote: string | null;

  @Column('text', { nullable: true })
  emergencyContactName: string | null;

  @Column('text', { nullable: true })
  emergencyContactPhone: string | null;

  @Column('text', { nullable: true })
  emergencyContactRelation: string | null;

  /** Private: only the owner and admins may read it (enforced by @ownerOrAdmin in the schema). */
  @Column('text', { nullable: true })
  passportNumber: string | null;

  @Column('char', { length: 2, nullable: true })
  passportCountry: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

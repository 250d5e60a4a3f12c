import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every stay search, kept for demand statistics. */
@Entity('search_requests')
export class SearchRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('date')
  checkIn: string;

  @Column('date')
  checkOut: string;

  @Column('integer')
  guests: number;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('char', { length: 2, nullable: true })
  country: string | null;

  @Column('text', { nullable: true })
  kind: string | null;

  @Column('integer')
  resultCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

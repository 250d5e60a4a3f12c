import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('wishlist_items')
export class WishlistItem {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('uuid')
  propertyId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

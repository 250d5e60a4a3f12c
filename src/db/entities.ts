import { RefreshToken } from '../modules/accounts/refresh-token.entity';
import { User } from '../modules/accounts/user.entity';
import { RoomBlock } from '../modules/availability/room-block.entity';
import { RoomOccupancy } from '../modules/availability/room-occupancy.entity';
import { Property } from '../modules/catalog/property.entity';
import { Room } from '../modules/catalog/room.entity';
import { CustomerStats } from '../modules/profiles/customer-stats.entity';
import { GuestProfile } from '../modules/profiles/guest-profile.entity';
import { HostProfile } from '../modules/profiles/host-profile.entity';
import { SearchRequest } from '../modules/search/search-request.entity';

/** Every TypeORM entity; tables themselves come from migrations/. */
export const entities = [
  User,
  RefreshToken,
  GuestProfile,
  CustomerStats,
  HostProfile,
  Property,
  Room,
  RoomBlock,
  RoomOccupancy,
  SearchRequest,
];

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
import { LengthOfStayDiscount } from '../modules/pricing/length-of-stay-discount.entity';
import { PricingRule } from '../modules/pricing/pricing-rule.entity';
import { ReservationHistory } from '../modules/reservations/reservation-history.entity';
import { Reservation } from '../modules/reservations/reservation.entity';
import { OutboxEvent } from '../platform/outbox/outbox-event.entity';
import { Payment } from '../modules/payments/payment.entity';
import { Refund } from '../modules/payments/refund.entity';
import { StripeEvent } from '../modules/payments/stripe-event.entity';
import { MaintenanceRun } from '../modules/maintenance/maintenance-run.entity';
import { Review } from '../modules/reviews/review.entity';
import { Suggestion } from '../modules/feedback/suggestion.entity';
import { WishlistItem } from '../modules/feedback/wishlist-item.entity';
import { DiscountCode } from '../modules/promotions/discount-code.entity';
import {
  CalendarConflict,
  CalendarExportToken,
  CalendarFeed,
  CalendarFeedEvent,
  CalendarSyncRun,
} from '../modules/channel-sync/channel-sync.entities';
import { DiscountCodeGenerator } from '../modules/promotions/discount-code-generator.entity';
import { WelcomePromotion } from '../modules/promotions/welcome-promotion.entity';
import { LoyaltyEntry } from '../modules/loyalty/loyalty-entry.entity';
import { LoyaltyLevel } from '../modules/loyalty/loyalty-level.entity';

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
  PricingRule,
  LengthOfStayDiscount,
  Reservation,
  ReservationHistory,
  OutboxEvent,
  Payment,
  Refund,
  StripeEvent,
  MaintenanceRun,
  Review,
  Suggestion,
  WishlistItem,
  DiscountCode,
  DiscountCodeGenerator,
  WelcomePromotion,
  LoyaltyEntry,
  LoyaltyLevel,
  CalendarExportToken,
  CalendarFeed,
  CalendarFeedEvent,
  CalendarSyncRun,
  CalendarConflict,
];

import { Accounts1795305600000 } from './1795305600000-accounts';
import { Catalog1795392000000 } from './1795392000000-catalog';
import { Reservations1795478400000 } from './1795478400000-reservations';
import { Payments1795564800000 } from './1795564800000-payments';
import { NotificationsMaintenance1795651200000 } from './1795651200000-notifications-maintenance';
import { Reviews1795737600000 } from './1795737600000-reviews';
import { Money64Bit1795824000000 } from './1795824000000-money-64-bit';
import { Bookability1795910400000 } from './1795910400000-bookability';
import { PaymentIntegrity1795996800000 } from './1795996800000-payment-integrity';
import { OpinionNameMatch1796083200000 } from './1796083200000-opinion-name-match';
import { AbuseLimits1796169600000 } from './1796169600000-abuse-limits';
import { Retention1796256000000 } from './1796256000000-retention';
import { JobRunner1796256001000 } from './1796256001000-job-runner';
import { DocumentVersions1796428800000 } from './1796428800000-document-versions';
import { Emails1796515200000 } from './1796515200000-emails';
import { DiscountCodes1796601600000 } from './1796601600000-discount-codes';
import { PropertyLanguage1796688000000 } from './1796688000000-property-language';
import { WelcomePromotions1796774400000 } from './1796774400000-welcome-promotions';
import { Loyalty1796774401000 } from './1796774401000-loyalty';
import { ChannelSync1796860800000 } from './1796860800000-channel-sync';
import { FloatingRooms1796947200000 } from './1796947200000-floating-rooms';
import { AccountChangeEvents1797033600000 } from './1797033600000-account-change-events';
import { BookingFastPath1797206400000 } from './1797206400000-booking-fast-path';

/** Every migration, oldest first. Listed explicitly so tsx, jest and compiled builds load the same set. */
export const migrations = [
  Accounts1795305600000,
  Catalog1795392000000,
  Reservations1795478400000,
  Payments1795564800000,
  NotificationsMaintenance1795651200000,
  Reviews1795737600000,
  Money64Bit1795824000000,
  Bookability1795910400000,
  PaymentIntegrity1795996800000,
  OpinionNameMatch1796083200000,
  AbuseLimits1796169600000,
  Retention1796256000000,
  JobRunner1796256001000,
  DocumentVersions1796428800000,
  Emails1796515200000,
  DiscountCodes1796601600000,
  PropertyLanguage1796688000000,
  WelcomePromotions1796774400000,
  Loyalty1796774401000,
  ChannelSync1796860800000,
  FloatingRooms1796947200000,
  AccountChangeEvents1797033600000,
  BookingFastPath1797206400000,
];

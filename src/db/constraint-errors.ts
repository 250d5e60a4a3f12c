import { QueryFailedError } from 'typeorm';
import { AppError, conflict } from '../platform/errors';

/**
 * The database is the last word on invariants (unique emails, slugs …). When a race gets past the friendly
 * checks in services, the violated constraint is translated here, in one place, into a stable error code.
 */
const byConstraint: Record<string, () => AppError> = {
  users_email_key: () => conflict('An account with this email already exists', { field: 'email' }),
  users_phone_key: () => conflict('An account with this phone number already exists', { field: 'phone' }),
  host_profiles_slug_key: () => conflict('That storefront slug is taken', { field: 'slug' }),
  host_profiles_user_id_key: () => conflict('You are already a host'),
  properties_slug_key: () => conflict('That property slug is taken', { field: 'slug' }),
  discount_codes_code_key: () => conflict('That discount code exists already', { field: 'code' }),
  users_referral_code_key: () => conflict('This changed at the same moment elsewhere: please try again', { retryable: true }),
  loyalty_levels_name_key: () => conflict('A loyalty level with this name exists already', { field: 'name' }),
  welcome_promotions_one_active: () => conflict('A welcome promotion is active already: end it first'),
  room_occupancies_no_overlap: () => conflict('Those dates are no longer available'),
};

interface PostgresDriverError {
  code?: string;
  constraint?: string;
}

const SQLSTATE_UNIQUE_VIOLATION = '23505';
const SQLSTATE_EXCLUSION_VIOLATION = '23P01';
const SQLSTATE_INVALID_TEXT = '22P02';
const SQLSTATE_SERIALIZATION_FAILURE = '40001';
const SQLSTATE_DEADLOCK_DETECTED = '40P01';

export function translateDatabaseError(error: unknown): AppError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as PostgresDriverError;
  const known = constraint ? byConstraint[constraint] : undefined;
  if (known) return known();
  if (code === SQLSTATE_UNIQUE_VIOLATION || code === SQLSTATE_EXCLUSION_VIOLATION) {
    return conflict('This conflicts with existing data');
  }
  if (code === SQLSTATE_INVALID_TEXT) return new AppError('BAD_USER_INPUT', 'A value has the wrong format');
  // Lost a deadlock or a serialization check outside inTransaction's retry: the caller may simply try again.
  if (code === SQLSTATE_DEADLOCK_DETECTED || code === SQLSTATE_SERIALIZATION_FAILURE) {
    return conflict('This changed at the same moment elsewhere: please try again', { retryable: true });
  }
  return undefined;
}

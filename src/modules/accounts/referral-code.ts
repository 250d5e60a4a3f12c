import { readableSuffix } from '../../platform/readable-code';

/**
 * REF-XXXXXX (887 million codes); a collision is the unique key's (CONFLICT, retryable). The migration's
 * new_referral_code() draws the same shape for accounts that existed before.
 */
export const newReferralCode = () => `REF-${readableSuffix()}`;

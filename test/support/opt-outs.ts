import type { TppOptOut } from '../../sandboxes/tpp/server.ts';

/** An opt-out as TPP's sandbox lists it, still being assessed for a refund. */
export const tppOptOut = (uniqueId: string, surname: string): TppOptOut => ({
  uniqueId,
  forename: 'Sam',
  surname,
  niNumber: 'MS324441B',
  optOutDate: '2026-11-04',
  optOutChannel: 'Online',
  refundStatus: 'Processing',
  entitledToRefund: 'M',
  employeeRefund: 0,
  employerRefund: 0,
});

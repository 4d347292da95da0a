/** What providers report about workers leaving the scheme, as the gateway keeps it whatever the provider. */

/** An opt-out as the gateway keeps it, whatever the provider; money in pence. */
export interface OptOutRecord {
  uniqueId: string;
  niNumber?: string;
  forename?: string;
  surname?: string;
  optOutDate: string;
  channel?: string;
  refundStatus?: string;
  /** TPP's N (not entitled), M (still assessing) or Y (entitled). */
  entitledToRefund?: string;
  employeeRefundPence: number;
  employerRefundPence: number;
}

/** A worker the provider says has ceased active membership (PensionSync's Cessation instruction). */
export interface CessationRecord {
  uniqueId: string;
  niNumber?: string;
  forename?: string;
  surname?: string;
  cessationDate: string;
  receivedDate?: string;
}

import type { Employee } from './contributions-request.ts';

export interface TppOptOut {
  uniqueId: string;
  forename: string;
  surname: string;
  niNumber: string;
  optOutDate: string;
  optOutChannel: 'Online' | 'Telephone' | 'Paper';
  refundStatus: 'No Refund' | 'Processing' | 'Processed';
  // A string on the wire: N (not entitled), M (still assessing), Y (entitled).
  entitledToRefund: 'N' | 'M' | 'Y';
  // Pounds.
  employeeRefund: number;
  employerRefund: number;
}

// startDate inclusive, endDate exclusive, both on optOutDate, as TPP's PHP client documents them.
interface OptOutWindow {
  startDate?: string;
  endDate?: string;
}

export class OptOutBook {
  private readonly byAccount = new Map<string, TppOptOut[]>();

  // An employee has at most one opt-out waiting for confirmation, so a new one replaces the old.
  add(accountId: string, optOut: TppOptOut): void {
    const others = this.of(accountId).filter((existing) => existing.uniqueId !== optOut.uniqueId);
    this.byAccount.set(accountId, [...others, { ...optOut }]);
  }

  update(accountId: string, uniqueId: string, changes: Partial<Omit<TppOptOut, 'uniqueId'>>): boolean {
    const optOut = this.of(accountId).find((existing) => existing.uniqueId === uniqueId);
    if (optOut) Object.assign(optOut, changes);
    return optOut !== undefined;
  }

  list(accountId: string, { startDate, endDate }: OptOutWindow): TppOptOut[] {
    return this.of(accountId).filter(
      ({ optOutDate }) =>
        (startDate === undefined || optOutDate >= startDate) &&
        (endDate === undefined || optOutDate < endDate),
    );
  }

  // Payroll confirms an opt-out by sending the employee once more with TPP's optOutDate; it then leaves the list.
  confirm(accountId: string, employees: readonly Employee[]): void {
    const confirmed = (optOut: TppOptOut) =>
      employees.some(
        (employee) =>
          String(employee.uniqueId ?? '') === optOut.uniqueId && employee.optOutDate === optOut.optOutDate,
      );
    this.byAccount.set(
      accountId,
      this.of(accountId).filter((optOut) => !confirmed(optOut)),
    );
  }

  private of(accountId: string): TppOptOut[] {
    return this.byAccount.get(accountId) ?? [];
  }
}

export function optOutsDocument(accountId: string, optOuts: readonly TppOptOut[], origin: string): unknown {
  const account = `${origin}/api/v2/accounts/${encodeURIComponent(accountId)}`;
  return {
    data: { type: 'accountOptOuts', id: accountId, attributes: { optOuts } },
    links: { self: `${account}/opt-outs`, account },
  };
}

import { addDays, type PeriodLength, periodEnd } from '../common/dates.ts';

export interface WorkerGroup {
  id: string;
  description?: string | null;
  // TPP publishes every one of these shapes (/fields/worker-group-effective/): effective absent or null means
  // all dates; start absent or null means every date up to end; end absent or null means from start on.
  effective?: { start?: string | null; end?: string | null } | null;
  earningsBasis: string;
  employeeContributionAmount: number;
  employeeContributionPercent: number;
  employerContributionAmount: number;
  employerContributionPercent: number;
}

export interface TppAccount {
  id: string;
  accountName: string;
  companyName: string;
  stagingDate: string;
  prpFrequency: string;
  payrollFrequency: string;
  taxBasis: string;
  nextPayReferencePeriod: { start: string; end: string };
  workerGroups: WorkerGroup[];
  // Only in the accounts list; absent means the account can use the API.
  api?: { isSupported: boolean; reason?: string };
}

// The first three mirror TPP's published sandbox test accounts; the values themselves are made up.
export const franeckiGroupWeekly: TppAccount = {
  id: '855969',
  accountName: 'Franecki Group Weekly',
  companyName: 'Franecki Group Ltd',
  stagingDate: '2016-04-01',
  prpFrequency: 'Weekly',
  payrollFrequency: 'Weekly',
  taxBasis: 'Net',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [
    // Same id twice: a stepped increase is modelled as a new effective range, so clients must pick by date.
    {
      id: 'UF',
      description: 'Standard staff',
      effective: { start: '2016-04-01', end: '2019-04-05' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 3,
      employerContributionAmount: 0,
      employerContributionPercent: 2,
    },
    {
      id: 'UF',
      description: 'Standard staff',
      effective: { start: '2019-04-06' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
    {
      id: 'DIR',
      description: 'Directors',
      effective: { start: '2016-04-01' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 5,
    },
  ],
};

// Weekly-Monthly: staff are paid weekly and TPP collects monthly, but contributions still come per week.
const hauckStrackeWeekly: TppAccount = {
  id: '859763',
  accountName: 'Hauck-Stracke Weekly',
  companyName: 'Hauck-Stracke Ltd',
  stagingDate: '2017-02-01',
  prpFrequency: 'Weekly',
  payrollFrequency: 'Monthly',
  taxBasis: 'Gross',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [
    {
      id: 'Standard',
      description: 'All staff',
      effective: { start: '2017-02-01' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 4,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
    {
      // Differs from 'Standard' only by case, so a case-insensitive match picks the wrong group.
      id: 'STANDARD',
      description: 'Drivers on the fixed-amount scheme',
      effective: { start: '2017-02-01' },
      earningsBasis: 'Fixed Amount',
      employeeContributionAmount: 20,
      employeeContributionPercent: 0,
      employerContributionAmount: 15,
      employerContributionPercent: 0,
    },
    {
      id: 'Seasonal',
      description: 'Seasonal pickers (closed)',
      effective: { start: '2017-02-01', end: '2024-03-31' },
      earningsBasis: 'Set 1 Pensionable Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
  ],
};

const reynoldsPlcFortnightly: TppAccount = {
  id: '840834',
  accountName: 'Reynolds PLC Fortnightly',
  companyName: 'Reynolds PLC',
  stagingDate: '2015-06-01',
  prpFrequency: 'Fortnightly',
  payrollFrequency: 'Fortnightly',
  taxBasis: 'Net',
  nextPayReferencePeriod: { start: '2026-10-26', end: '2026-11-08' },
  workerGroups: [
    {
      id: 'Staff',
      description: 'Staff',
      effective: { start: '2015-06-01', end: '2018-04-05' },
      earningsBasis: 'Set 2 Pensionable Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 1,
      employerContributionAmount: 0,
      employerContributionPercent: 1,
    },
    {
      id: 'Staff',
      description: 'Staff',
      effective: { start: '2018-04-06' },
      earningsBasis: 'Set 2 Pensionable Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 4,
    },
    {
      id: 'Exec',
      description: 'Executives (closed)',
      effective: { start: '2015-06-01', end: '2021-03-31' },
      earningsBasis: 'Set 3 Total Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 10,
    },
  ],
};

// Worker groups in every shape TPP publishes (wire-evidence.md §4.1: TPP-hub ?p=412 and
// /fields/worker-group-effective/): start only, start and end, no start, effective null, effective absent.
const publishedShapesMonthly: TppAccount = {
  id: '870001',
  accountName: 'Okuneva Bakers Monthly',
  companyName: 'Okuneva Bakers Ltd',
  stagingDate: '2014-04-01',
  prpFrequency: 'Monthly',
  payrollFrequency: 'Monthly',
  taxBasis: 'Net',
  nextPayReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
  workerGroups: [
    {
      id: 'S',
      description: 'Staff',
      effective: { start: '2014-04-01' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 1.5,
      employerContributionAmount: 0,
      employerContributionPercent: 1.5,
    },
    {
      id: 'Y2014',
      description: 'Staff in 2014',
      effective: { start: '2014-01-01', end: '2014-12-31' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 0.8,
      employerContributionAmount: 0,
      employerContributionPercent: 1.0,
    },
    {
      id: 'UF',
      description: 'Until further notice',
      effective: { end: '2099-12-31' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
    {
      id: 'DIR',
      description: 'Directors',
      effective: null,
      earningsBasis: 'Fixed Amount',
      employeeContributionAmount: 800,
      employeeContributionPercent: 0,
      employerContributionAmount: 1000,
      employerContributionPercent: 0,
    },
    {
      id: 'ALL',
      description: 'Everyone else',
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
  ],
};

// Listed, but refused: the accounts list says why, and the account itself answers 403.
const legacyPaperLtd: TppAccount = {
  id: '800001',
  accountName: 'Legacy Paper Ltd',
  companyName: 'Legacy Paper Ltd',
  stagingDate: '2014-01-01',
  prpFrequency: 'Monthly',
  payrollFrequency: 'Monthly',
  taxBasis: 'Net',
  nextPayReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
  workerGroups: [
    {
      id: 'Default',
      description: 'Default',
      effective: { start: '2014-01-01' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 5,
      employerContributionAmount: 0,
      employerContributionPercent: 3,
    },
  ],
  api: { isSupported: false, reason: 'Account uses paper submissions' },
};

export const defaultAccounts: readonly TppAccount[] = [
  franeckiGroupWeekly,
  hauckStrackeWeekly,
  reynoldsPlcFortnightly,
  legacyPaperLtd,
  publishedShapesMonthly,
];

export function isApiSupported(account: TppAccount): boolean {
  return account.api?.isSupported ?? true;
}

function accountUrl(origin: string, id: string): string {
  return `${origin}/api/v2/accounts/${encodeURIComponent(id)}`;
}

export function accountDocument(account: TppAccount, origin: string): unknown {
  const { id, api: _api, ...attributes } = account;
  const self = accountUrl(origin, id);
  return {
    data: { type: 'accounts', id, attributes, links: { self, 'opt-outs': `${self}/opt-outs` } },
  };
}

export function accountsDocument(accounts: Iterable<TppAccount>, origin: string): unknown {
  const data = [...accounts].map(({ id, accountName, api }) => ({
    type: 'accounts',
    id,
    attributes: { accountName, api: api ?? { isSupported: true } },
    links: { self: accountUrl(origin, id) },
  }));
  return { data, links: { self: `${origin}/api/v2/accounts` } };
}

const LENGTHS: Readonly<Record<string, PeriodLength>> = {
  Weekly: { days: 7 },
  Fortnightly: { days: 14 },
  'Four Weekly': { days: 28 },
  // Keeps the day-of-month pattern: 1-31 Oct is followed by 1-30 Nov, 15 Oct-14 Nov by 15 Nov-14 Dec.
  Monthly: { months: 1 },
};

// The period that follows directly on `period`; undefined for a frequency TPP does not define.
export function periodAfter(
  period: { start: string; end: string },
  prpFrequency: string,
): { start: string; end: string } | undefined {
  const length = LENGTHS[prpFrequency];
  if (length === undefined) return undefined;
  const start = addDays(period.end, 1);
  return { start, end: periodEnd(start, length) };
}

export interface WorkerGroup {
  id: string;
  description: string;
  effective: { start: string; end?: string };
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
}

// Mirrors TPP's published sandbox test account 855969; the values themselves are made up.
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

export function accountDocument(account: TppAccount, origin: string): unknown {
  const { id, ...attributes } = account;
  const self = `${origin}/api/v2/accounts/${encodeURIComponent(id)}`;
  return {
    data: { type: 'accounts', id, attributes, links: { self, 'opt-outs': `${self}/opt-outs` } },
  };
}

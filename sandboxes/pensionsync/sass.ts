import { firstOfNextMonth, type Period, periodStarting } from './dates.ts';

/** A scheme's data as the sandbox keeps it; rendered as the wire doc's SASS XML. */

export type TaxReliefType = 'RAS' | 'NPA' | 'SS';

export interface SchemeGroup {
  groupId: string;
  name: string;
  effectiveDate: string;
  endDate?: string;
  earningsBasis: string;
  employerRate: number;
  employeeRate: number;
}

export interface SchemeData {
  employerName: string;
  schemeName: string;
  stagingDate: string;
  taxReliefType: TaxReliefType;
  /** A PAPDIS frequency code (W1, W2, W4, M1, M3, M6, MA); it sets how far a delivery moves the period on. */
  payFrequency: string;
  nextPayReferencePeriod?: Period;
  groups: SchemeGroup[];
  /** Names of the payment sources. */
  paymentSources?: string[];
}

/**
 * Deterministic given the clock: monthly, relief at source, the period starting on the first of next month,
 * and two groups whose ids match the worker groups the gateway's fixtures use.
 */
export function defaultSchemeData(employerId: string, destinationName: string, now: Date): SchemeData {
  return {
    employerName: `Sandbox Employer ${employerId} Ltd`,
    schemeName: `${destinationName} scheme ${employerId}`,
    stagingDate: '2016-04-01',
    taxReliefType: 'RAS',
    payFrequency: 'M1',
    nextPayReferencePeriod: periodStarting(firstOfNextMonth(now), 'M1'),
    groups: [
      {
        groupId: 'UF',
        name: 'Qualifying workers',
        effectiveDate: '2016-04-01',
        earningsBasis: 'QualifyingEarnings',
        employerRate: 3,
        employeeRate: 5,
      },
      {
        groupId: 'DIR',
        name: 'Directors',
        effectiveDate: '2016-04-01',
        earningsBasis: 'BasicPay',
        employerRate: 10,
        employeeRate: 0,
      },
    ],
    paymentSources: ['Main bank account'],
  };
}

// What XML 1.0 cannot carry at all is dropped; the five specials become entities.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

function escapeXml(value: string): string {
  return value.replace(ILLEGAL, '').replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

function element(name: string, content: string | number | undefined): string {
  return content === undefined ? '' : `<${name}>${escapeXml(String(content))}</${name}>`;
}

function groupXml(group: SchemeGroup): string {
  return `<Group>${[
    element('GroupId', group.groupId),
    element('Name', group.name),
    element('EffectiveDate', group.effectiveDate),
    element('EndDate', group.endDate),
    element('EarningsBasis', group.earningsBasis),
    element('EmployerRate', group.employerRate),
    element('EmployeeRate', group.employeeRate),
  ].join('')}</Group>`;
}

export function renderSass(employerId: string, destinationId: string, scheme: SchemeData): string {
  const period = scheme.nextPayReferencePeriod;
  const sources = scheme.paymentSources;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Scheme>',
    element('EmployerId', employerId),
    element('DestinationId', destinationId),
    element('EmployerName', scheme.employerName),
    element('SchemeName', scheme.schemeName),
    element('StagingDate', scheme.stagingDate),
    element('TaxReliefType', scheme.taxReliefType),
    element('PayFrequency', scheme.payFrequency),
    period
      ? `<NextPayReferencePeriod>${element('StartDate', period.startDate)}${element('EndDate', period.endDate)}</NextPayReferencePeriod>`
      : '',
    `<Groups>${scheme.groups.map(groupXml).join('')}</Groups>`,
    sources
      ? `<PaymentSources>${sources.map((name) => `<PaymentSource>${element('Name', name)}</PaymentSource>`).join('')}</PaymentSources>`
      : '',
    '</Scheme>',
  ].join('');
}

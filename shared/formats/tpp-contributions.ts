import {
  type CanonicalEmployee,
  type CanonicalSubmission,
  contributionsTotal,
} from '#domain/canonical-submission';
import { toPounds } from '#domain/money';
import { joined, jsonPieces } from './pieces.ts';

/**
 * The body of TPP's `POST /api/v2/contributions` (JSON:API), in pieces: each employee is written as it
 * comes. Fields TPP does not take (PAPDIS and PASS extras) are left out rather than sent and refused.
 */
export function tppContributionsPieces(
  submission: CanonicalSubmission,
  accountId: string,
): Generator<string> {
  const { employees } = submission;
  const body = {
    data: {
      type: 'contributions',
      attributes: {
        accountId: Number(accountId),
        payReferencePeriod: submission.payReferencePeriod,
        employees,
        total: toPounds(submission.total ?? contributionsTotal(employees)),
      },
    },
  };
  return jsonPieces(body, employees, toTppEmployee);
}

export function renderTppContributions(submission: CanonicalSubmission, accountId: string): string {
  return joined(tppContributionsPieces(submission, accountId));
}

function toTppEmployee(e: CanonicalEmployee) {
  return {
    title: e.title,
    gender: e.gender,
    forename: e.forename,
    middleName: e.middleName,
    surname: e.surname,
    dateOfBirth: e.dateOfBirth,
    niNumber: e.niNumber,
    uniqueId: e.uniqueId,
    address: {
      line1: e.address.line1,
      line2: e.address.line2,
      line3: e.address.line3,
      line4: e.address.line4,
      line5: e.address.line5,
    },
    homePhoneNumber: e.homePhoneNumber,
    mobilePhoneNumber: e.mobilePhoneNumber,
    personalEmailAddress: e.personalEmailAddress,
    employmentPeriod: e.employmentPeriod,
    workerGroupId: e.workerGroupId,
    autoEnrolmentStatus: e.autoEnrolmentStatus,
    autoEnrolmentDate: e.autoEnrolmentDate,
    optInDate: e.optInDate,
    schemeJoinDate: e.schemeJoinDate,
    optOutDate: e.optOutDate,
    pensionableEarnings: toPounds(e.pensionableEarnings),
    employerContributionAmount: toPounds(e.employerContributionAmount),
    employeeContributionAmount: toPounds(e.employeeContributionAmount),
    partialContributionReason: e.partialContributionReason,
  };
}

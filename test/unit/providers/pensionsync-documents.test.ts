import { describe, expect, it } from 'vitest';
import {
  PENSIONSYNC_METHODS,
  readDashboardLink,
  readDestinations,
  readIntermediary,
  readJob,
  readJobErrors,
  readSchemeData,
  readScope,
  readScopeAuthorization,
  readSubmissionReceipt,
  readWorkerInstructions,
} from '#providers/pensionsync/documents';
import { refusal } from '../../support/provider-documents.ts';

// The documents of docs/pensionsync-wire.md, with its placeholders filled in.

describe('readDestinations', () => {
  const body = JSON.stringify({
    destinations: [
      {
        destinationId: 'NST',
        name: 'Nest',
        activeMethods: [
          'Scope',
          'ScopeAuthorization',
          'Submission',
          'MemberMaintenanceAndContributions',
          'Job',
          'JobError',
          'WorkerInstruction',
          'Scheme',
        ],
      },
      { destinationId: 'SMART', activeMethods: ['Scope', 'FutureThing'], region: 'UK' },
    ],
  });

  it('reads each destination and its active methods, unknown methods kept as given', () => {
    expect(readDestinations(body)).toEqual([
      { destinationId: 'NST', name: 'Nest', activeMethods: [...PENSIONSYNC_METHODS] },
      { destinationId: 'SMART', activeMethods: ['Scope', 'FutureThing'] },
    ]);
  });

  it('reads an empty list', () => {
    expect(readDestinations('{"destinations":[]}')).toEqual([]);
  });

  it('throws, naming the field, when a destination has no id or no methods', () => {
    expect(() => readDestinations('{"destinations":[{"name":"Nest","activeMethods":[]}]}')).toThrow(
      /destination list.*destinationId/,
    );
    expect(() => readDestinations('{"destinations":[{"destinationId":"NST"}]}')).toThrow(/activeMethods/);
    expect(() => readDestinations('{}')).toThrow(/destinations/);
  });

  it('throws a clear error for a body that is not JSON', () => {
    expect(() => readDestinations('<html>Bad gateway</html>')).toThrow(
      'Unexpected PensionSync destination list: not JSON',
    );
  });
});

describe('readIntermediary', () => {
  it('reads the id from the 201 answer', () => {
    expect(readIntermediary('{"intermediaryId":"int-42","name":"C-001 Acme Ltd"}')).toEqual({
      intermediaryId: 'int-42',
    });
  });

  it('takes a numeric id as its text', () => {
    expect(readIntermediary('{"intermediaryId":42}')).toEqual({ intermediaryId: '42' });
  });

  it('throws when the id is missing or blank', () => {
    expect(() => readIntermediary('{"name":"C-001 Acme Ltd"}')).toThrow(/intermediaryId/);
    expect(() => readIntermediary('{"intermediaryId":"  "}')).toThrow(/intermediaryId/);
  });
});

describe('readDashboardLink', () => {
  it('reads the one-time URL and its expiry', () => {
    expect(
      readDashboardLink(
        '{"url":"https://dashboard.example/one-time/abc","expiresAt":"2026-11-08T12:05:00Z"}',
      ),
    ).toEqual({ url: 'https://dashboard.example/one-time/abc', expiresAt: '2026-11-08T12:05:00Z' });
  });

  it('tolerates a missing expiry', () => {
    expect(readDashboardLink('{"url":"https://dashboard.example/x"}')).toEqual({
      url: 'https://dashboard.example/x',
    });
  });

  it('refuses a link that is not http(s), since a person will open it', () => {
    expect(() => readDashboardLink('{"url":"javascript:alert(1)"}')).toThrow(/http\(s\) URL/);
    expect(() => readDashboardLink('{"url":"not a url"}')).toThrow(/url/);
    expect(() => readDashboardLink('{}')).toThrow(/url/);
  });
});

describe('readScope and readScopeAuthorization', () => {
  it('reads a pending scope and where to authorise it', () => {
    expect(
      readScope(
        JSON.stringify({
          employerId: 'EMP-1',
          destinationId: 'NST',
          status: 'Pending',
          authorisationUrl: 'https://pensionsync.example/authorise/123',
        }),
      ),
    ).toEqual({ status: 'Pending', authorisationUrl: 'https://pensionsync.example/authorise/123' });
  });

  it('reads every known status', () => {
    for (const status of ['Pending', 'Authorised', 'Refused', 'Revoked'] as const) {
      expect(
        readScopeAuthorization(JSON.stringify({ employerId: 'E', destinationId: 'NST', status })),
      ).toEqual({
        status,
      });
    }
  });

  it('reads the US spelling and other cases of the same words', () => {
    expect(readScopeAuthorization('{"status":"Authorized"}')).toEqual({ status: 'Authorised' });
    expect(readScopeAuthorization('{"status":"REVOKED"}')).toEqual({ status: 'Revoked' });
  });

  it('takes an unknown status as Pending rather than failing (or authorising)', () => {
    expect(readScopeAuthorization('{"status":"AwaitingProviderReview"}')).toEqual({ status: 'Pending' });
    expect(readScope('{"status":"Suspended"}')).toEqual({ status: 'Pending' });
  });

  it('throws when the status is missing, and on a hostile authorisation URL', () => {
    expect(() => readScopeAuthorization('{"employerId":"E"}')).toThrow(/scope authorisation.*status/);
    expect(() => readScope('{"status":"Pending","authorisationUrl":"data:text/html,<script>"}')).toThrow(
      /authorisationUrl/,
    );
  });
});

describe('readSubmissionReceipt', () => {
  it('reads the job and document ids', () => {
    expect(readSubmissionReceipt('{"jobId":"job-1","documentId":"acme-2026-11-08"}')).toEqual({
      jobId: 'job-1',
      documentId: 'acme-2026-11-08',
    });
  });

  it('needs only the job id', () => {
    expect(readSubmissionReceipt('{"jobId":"job-1"}')).toEqual({ jobId: 'job-1' });
    expect(() => readSubmissionReceipt('{"documentId":"d"}')).toThrow(/submission receipt.*jobId/);
  });
});

describe('readJob', () => {
  const jobBody = (status: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      jobId: 'job-1',
      documentId: 'doc-1',
      destinationId: 'NST',
      employerId: 'EMP-1',
      doNotDeliver: false,
      status,
      errorCount: 0,
      createdAt: '2026-11-08T12:00:00Z',
      updatedAt: '2026-11-08T12:00:05Z',
      ...extra,
    });

  it('is pending while PensionSync receives and validates it', () => {
    for (const status of ['Received', 'Validating']) {
      expect(readJob(jobBody(status))).toEqual({
        jobId: 'job-1',
        status,
        progress: 'pending',
        errorCount: 0,
      });
    }
  });

  it('is accepted once validated for delivery, and while delivering', () => {
    for (const status of ['Validated', 'Delivering']) {
      expect(readJob(jobBody(status))).toMatchObject({ status, progress: 'accepted' });
    }
  });

  it('is processed once delivered', () => {
    expect(readJob(jobBody('Delivered'))).toMatchObject({ status: 'Delivered', progress: 'processed' });
  });

  it('is validated when a doNotDeliver job ends at Validated', () => {
    expect(readJob(jobBody('Validated', { doNotDeliver: true }))).toMatchObject({ progress: 'validated' });
  });

  it('is failed when it fails, with the error count', () => {
    expect(readJob(jobBody('Failed', { errorCount: 3 }))).toEqual({
      jobId: 'job-1',
      status: 'Failed',
      progress: 'failed',
      errorCount: 3,
    });
    // Failed with no errors: the scheme is not authorised.
    expect(readJob(jobBody('Failed'))).toMatchObject({ progress: 'failed', errorCount: 0 });
  });

  it('keeps an unknown status as given and reads it as pending', () => {
    expect(readJob(jobBody('Quarantined'))).toEqual({
      jobId: 'job-1',
      status: 'Quarantined',
      progress: 'pending',
      errorCount: 0,
    });
  });

  it('tolerates a missing error count and doNotDeliver', () => {
    expect(readJob('{"jobId":"job-1","status":"Validated"}')).toEqual({
      jobId: 'job-1',
      status: 'Validated',
      progress: 'accepted',
      errorCount: 0,
    });
  });

  it('throws when the job id or status is missing', () => {
    expect(() => readJob('{"status":"Received"}')).toThrow(/job.*jobId/);
    expect(() => readJob('{"jobId":"job-1"}')).toThrow(/status/);
    expect(() => readJob(jobBody('Failed', { errorCount: -1 }))).toThrow(/errorCount/);
  });
});

describe('readJobErrors', () => {
  it('reads each error as a provider problem, the line number as a 0-based employee index', () => {
    const body = JSON.stringify({
      jobId: 'job-1',
      errors: [
        {
          errorCode: 'INVALID_NINO',
          message: 'National Insurance number is not valid',
          lineNumber: 2,
          employeeId: 'E001',
          fieldName: 'NationalInsuranceNumber',
          fieldValue: 'AB12',
        },
        { errorCode: 'SCHEME_NOT_AUTHORISED', message: 'The scheme is not authorised' },
      ],
    });
    expect(readJobErrors(body)).toEqual([
      {
        code: 'INVALID_NINO',
        message: 'National Insurance number is not valid',
        field: 'NationalInsuranceNumber',
        uniqueId: 'E001',
        employeeIndex: 1,
        providedValue: 'AB12',
        source: 'provider',
      },
      { code: 'SCHEME_NOT_AUTHORISED', message: 'The scheme is not authorised', source: 'provider' },
    ]);
  });

  it('leaves out line numbers that name no employee and keeps numeric values as text', () => {
    const body = JSON.stringify({
      jobId: 'job-1',
      errors: [
        { errorCode: 'A', message: 'a', lineNumber: 0, fieldValue: 0 },
        { errorCode: 'B', message: 'b', lineNumber: 'header' },
        { errorCode: 'C', message: 'c', lineNumber: '7', fieldValue: '' },
      ],
    });
    expect(readJobErrors(body)).toEqual([
      { code: 'A', message: 'a', providedValue: '0', source: 'provider' },
      { code: 'B', message: 'b', source: 'provider' },
      { code: 'C', message: 'c', employeeIndex: 6, source: 'provider' },
    ]);
  });

  it('reads no errors', () => {
    expect(readJobErrors('{"jobId":"job-1","errors":[]}')).toEqual([]);
  });

  it('throws when an error has no code or message', () => {
    expect(() => readJobErrors('{"errors":[{"message":"m"}]}')).toThrow(/job errors.*errorCode/);
    expect(() => readJobErrors('{"errors":[{"errorCode":"X"}]}')).toThrow(/message/);
  });
});

describe('readWorkerInstructions', () => {
  const optOut = {
    instructionId: 'wi-1',
    instructionType: 'OptOut',
    employeeId: 'E001',
    nationalInsuranceNumber: 'QQ123456C',
    forename: 'Ada',
    surname: 'Lovelace',
    effectiveDate: '2026-11-10',
    receivedDate: '2026-11-12',
    refundDue: true,
    refundStatus: 'Pending',
    employeeRefundAmount: 12.5,
    employerRefundAmount: 10,
  };
  const cessation = {
    instructionId: 'wi-2',
    instructionType: 'Cessation',
    employeeId: 'E002',
    nationalInsuranceNumber: 'QQ654321C',
    forename: 'Alan',
    surname: 'Turing',
    effectiveDate: '2026-10-31',
    receivedDate: '2026-11-01',
  };
  const body = (...instructions: unknown[]) => JSON.stringify({ workerInstructions: instructions });

  it('reads opt-outs and cessations', () => {
    expect(readWorkerInstructions(body(optOut, cessation))).toEqual({
      optOuts: [
        {
          uniqueId: 'E001',
          niNumber: 'QQ123456C',
          forename: 'Ada',
          surname: 'Lovelace',
          optOutDate: '2026-11-10',
          channel: 'PensionSync',
          refundStatus: 'Pending',
          entitledToRefund: 'Y',
          employeeRefundPence: 1250,
          employerRefundPence: 1000,
        },
      ],
      cessations: [
        {
          uniqueId: 'E002',
          niNumber: 'QQ654321C',
          forename: 'Alan',
          surname: 'Turing',
          cessationDate: '2026-10-31',
          receivedDate: '2026-11-01',
        },
      ],
    });
  });

  it('maps refundDue false to N and leaves entitledToRefund out when refundDue is absent', () => {
    const { refundDue: _, employeeRefundAmount: __, employerRefundAmount: ___, ...bare } = optOut;
    const [notDue, unknown] = readWorkerInstructions(
      body({ ...optOut, refundDue: false, refundStatus: 'NotDue' }, bare),
    ).optOuts;
    expect(notDue).toMatchObject({ entitledToRefund: 'N', refundStatus: 'NotDue' });
    expect(unknown).not.toHaveProperty('entitledToRefund');
    expect(unknown).toMatchObject({ employeeRefundPence: 0, employerRefundPence: 0 });
  });

  it('converts pounds to pence exactly', () => {
    const [o] = readWorkerInstructions(
      body({ ...optOut, employeeRefundAmount: 1818.06, employerRefundAmount: '0.29' }),
    ).optOuts;
    expect(o).toMatchObject({ employeeRefundPence: 181806, employerRefundPence: 29 });
  });

  it('reads no instructions from an empty list or an empty body', () => {
    expect(readWorkerInstructions(body())).toEqual({ optOuts: [], cessations: [] });
    expect(readWorkerInstructions('')).toEqual({ optOuts: [], cessations: [] });
  });

  it('passes over instruction types it does not know', () => {
    expect(readWorkerInstructions(body({ ...cessation, instructionType: 'Transfer' }))).toEqual({
      optOuts: [],
      cessations: [],
    });
  });

  it('throws when the list, an employee id or a date is missing or malformed', () => {
    expect(() => readWorkerInstructions('{}')).toThrow(/worker instructions.*workerInstructions/);
    const { employeeId: _, ...anonymous } = optOut;
    expect(() => readWorkerInstructions(body(anonymous))).toThrow(/employeeId/);
    expect(() => readWorkerInstructions(body({ ...optOut, effectiveDate: '10/11/2026' }))).toThrow(
      /effectiveDate/,
    );
    expect(() => readWorkerInstructions(body({ ...optOut, employeeRefundAmount: '£12' }))).toThrow(
      /employeeRefundAmount/,
    );
  });

  it('keeps hostile text as text and never touches Object.prototype', () => {
    const hostile = '=cmd|"/c calc"!A1 <script>&amp;\u0000';
    const text = `{"workerInstructions":[{"instructionType":"OptOut","employeeId":"E1","effectiveDate":"2026-11-10","forename":${JSON.stringify(hostile)},"__proto__":{"polluted":true}}]}`;
    const [o] = readWorkerInstructions(text).optOuts;
    expect(o?.forename).toBe(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readSchemeData', () => {
  const group = (id: string, extra = '') =>
    `<Group><GroupId>${id}</GroupId><Name>Standard staff</Name><EffectiveDate>2019-04-06</EffectiveDate>${extra}` +
    '<EarningsBasis>QualifyingEarnings</EarningsBasis><EmployerRate>3</EmployerRate><EmployeeRate>5</EmployeeRate></Group>';
  const scheme = (
    inner: { groups?: string; tail?: string; tax?: string; frequency?: string; name?: string } = {},
  ) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<Scheme>
  <EmployerId>EMP-1</EmployerId><DestinationId>NST</DestinationId>
  <EmployerName>${inner.name ?? 'Acme Ltd'}</EmployerName><SchemeName>Acme Monthly</SchemeName>
  <StagingDate>2016-04-01</StagingDate>
  <TaxReliefType>${inner.tax ?? 'RAS'}</TaxReliefType>
  <PayFrequency>${inner.frequency ?? 'M1'}</PayFrequency>
  ${inner.tail ?? ''}
  <Groups>${inner.groups ?? group('001')}</Groups>
</Scheme>`;

  it('reads the wire document into TPP account field names', () => {
    const xml = `<Scheme>
  <EmployerId>EMP-1</EmployerId><DestinationId>NST</DestinationId>
  <EmployerName>Acme Ltd</EmployerName><SchemeName>Acme Monthly</SchemeName>
  <StagingDate>2016-04-01</StagingDate>
  <TaxReliefType>NPA</TaxReliefType>
  <PayFrequency>W2</PayFrequency>
  <NextPayReferencePeriod><StartDate>2026-11-02</StartDate><EndDate>2026-11-15</EndDate></NextPayReferencePeriod>
  <Groups>
    <Group><GroupId>UF</GroupId><Name>Standard staff</Name><EffectiveDate>2016-04-01</EffectiveDate><EndDate>2019-04-05</EndDate>
      <EarningsBasis>QualifyingEarnings</EarningsBasis>
      <EmployerRate>2</EmployerRate><EmployeeRate>3</EmployeeRate></Group>
    <Group><GroupId>UF</GroupId><Name>Standard staff</Name><EffectiveDate>2019-04-06</EffectiveDate>
      <EarningsBasis>QualifyingEarnings</EarningsBasis>
      <EmployerRate>3.5</EmployerRate><EmployeeRate>5</EmployeeRate></Group>
  </Groups>
  <PaymentSources><PaymentSource><Name>Main account</Name></PaymentSource><PaymentSource><Name>Payroll 2</Name></PaymentSource></PaymentSources>
</Scheme>`;
    expect(readSchemeData(xml)).toEqual({
      employerId: 'EMP-1',
      destinationId: 'NST',
      companyName: 'Acme Ltd',
      accountName: 'Acme Monthly',
      stagingDate: '2016-04-01',
      taxBasis: 'Net',
      payrollFrequency: 'Fortnightly',
      nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-15' },
      workerGroups: [
        {
          id: 'UF',
          description: 'Standard staff',
          effective: { start: '2016-04-01', end: '2019-04-05' },
          earningsBasis: 'QualifyingEarnings',
          employerContributionPercent: 2,
          employeeContributionPercent: 3,
        },
        {
          id: 'UF',
          description: 'Standard staff',
          effective: { start: '2019-04-06' },
          earningsBasis: 'QualifyingEarnings',
          employerContributionPercent: 3.5,
          employeeContributionPercent: 5,
        },
      ],
      paymentSources: ['Main account', 'Payroll 2'],
    });
  });

  it('reads a single group as a list and keeps a leading-zero id as text', () => {
    const details = readSchemeData(scheme());
    expect(details.workerGroups).toEqual([
      {
        id: '001',
        description: 'Standard staff',
        effective: { start: '2019-04-06' },
        earningsBasis: 'QualifyingEarnings',
        employerContributionPercent: 3,
        employeeContributionPercent: 5,
      },
    ]);
  });

  it('leaves out what may be absent: the next period, a group end date, payment sources', () => {
    const details = readSchemeData(scheme());
    expect(details).not.toHaveProperty('nextPayReferencePeriod');
    expect(details).not.toHaveProperty('paymentSources');
    expect(readSchemeData(scheme({ groups: group('A', '<EndDate></EndDate>') })).workerGroups).toEqual([
      expect.objectContaining({ effective: { start: '2019-04-06' } }),
    ]);
  });

  it('reads empty Groups and PaymentSources as empty lists, one payment source as a list', () => {
    expect(readSchemeData(scheme({ groups: '' })).workerGroups).toEqual([]);
    expect(readSchemeData(scheme({ tail: '<PaymentSources/>' })).paymentSources).toEqual([]);
    expect(
      readSchemeData(
        scheme({ tail: '<PaymentSources><PaymentSource><Name>Only</Name></PaymentSource></PaymentSources>' }),
      ).paymentSources,
    ).toEqual(['Only']);
  });

  it('maps every known tax relief and frequency code and keeps unknown ones as given', () => {
    const read = (tax: string, frequency: string) => {
      const d = readSchemeData(scheme({ tax, frequency }));
      return [d.taxBasis, d.payrollFrequency];
    };
    expect(read('RAS', 'M1')).toEqual(['Relief at source', 'Monthly']);
    expect(read('NPA', 'W1')).toEqual(['Net', 'Weekly']);
    expect(read('SS', 'W4')).toEqual(['Salary sacrifice', 'Four-weekly']);
    expect(read('RAS', 'M3')).toEqual(['Relief at source', 'Quarterly']);
    expect(read('GROSS', 'A1')).toEqual(['GROSS', 'A1']);
    // Names of Object.prototype's members are codes like any other.
    expect(read('constructor', '__proto__x')).toEqual(['constructor', '__proto__x']);
  });

  it('throws, naming the element, when a required element is missing or malformed', () => {
    expect(() => readSchemeData(scheme().replace('<EmployerId>EMP-1</EmployerId>', ''))).toThrow(
      /SASS.*EmployerId/,
    );
    expect(() => readSchemeData(scheme({ groups: group('A').replace('<GroupId>A</GroupId>', '') }))).toThrow(
      /GroupId/,
    );
    expect(() => readSchemeData(scheme().replace(/<Groups>.*<\/Groups>/s, ''))).toThrow(/Groups/);
    expect(() => readSchemeData(scheme({ groups: group('A').replace('>3<', '>three<') }))).toThrow(
      /EmployerRate/,
    );
    expect(() => readSchemeData(scheme().replace('2016-04-01', '01/04/2016'))).toThrow(/StagingDate/);
    expect(() =>
      readSchemeData(
        scheme({
          tail: '<NextPayReferencePeriod><StartDate>2026-11-02</StartDate></NextPayReferencePeriod>',
        }),
      ),
    ).toThrow(/EndDate/);
    // A repeated single element is not a value.
    expect(() => readSchemeData(scheme({ tail: '<EmployerName>Other</EmployerName>' }))).toThrow(
      /EmployerName/,
    );
  });

  it('throws a clear error for malformed XML and for JSON', () => {
    expect(() => readSchemeData('<Scheme><EmployerId>x</Scheme>')).toThrow(/not well-formed XML/);
    expect(() => readSchemeData('{"message":"nope"}')).toThrow(/SASS/);
    expect(() => readSchemeData('<Other/>')).toThrow(/SASS.*Scheme/);
  });

  it('decodes XML escapes once and keeps hostile text as text', () => {
    const details = readSchemeData(scheme({ name: 'Smith &amp; Sons &lt;b&gt; &#163;1 &amp;lt; =SUM(A1)' }));
    expect(details.companyName).toBe('Smith & Sons <b> £1 &lt; =SUM(A1)');
    const cdata = readSchemeData(scheme({ name: '<![CDATA[<Group>not a group</Group> & co]]>' }));
    expect(cdata.companyName).toBe('<Group>not a group</Group> & co');
    expect(cdata.workerGroups).toHaveLength(1);
  });

  it('refuses a DOCTYPE, so no entity can expand', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE Scheme [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
${scheme({ name: '&b;' }).replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`;
    expect(() => readSchemeData(laughs)).toThrow(/DOCTYPE/);
    const external = `<!DOCTYPE Scheme [<!ENTITY x SYSTEM "file:///etc/passwd">]>${scheme({ name: '&x;' })}`;
    expect(() => readSchemeData(external)).toThrow(/DOCTYPE/);
  });

  it('refuses element names that would reach Object.prototype', () => {
    expect(() => readSchemeData(scheme({ tail: '<__proto__><polluted>1</polluted></__proto__>' }))).toThrow(
      /SASS/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("refusals in zod's English words", () => {
  // Read with zod/mini, which sets no messages of its own: these are word for word what classic zod said.

  it('names each field at fault and what was wrong with it, in JSON and in XML', () => {
    expect(
      refusal(() => readJob(JSON.stringify({ jobId: ' ', status: 3, doNotDeliver: 'yes', errorCount: -1 }))),
    ).toEqual({
      message:
        'Unexpected PensionSync job: jobId: Too small: expected string to have >=1 characters; status: Invalid input: expected string, received number; doNotDeliver: Invalid input; errorCount: Too small: expected number to be >=0',
      fields: ['jobId', 'status', 'doNotDeliver', 'errorCount'],
    });
    const instruction = {
      instructionType: 'OptOut',
      effectiveDate: '2026-02-30',
      employeeRefundAmount: '12,50',
    };
    expect(
      refusal(() => readWorkerInstructions(JSON.stringify({ workerInstructions: [instruction] }))),
    ).toEqual({
      message:
        'Unexpected PensionSync worker instructions: workerInstructions.0.employeeId: missing; workerInstructions.0.effectiveDate: expected a date as YYYY-MM-DD; workerInstructions.0.employeeRefundAmount: Invalid input',
      fields: [
        'workerInstructions.0.employeeId',
        'workerInstructions.0.effectiveDate',
        'workerInstructions.0.employeeRefundAmount',
      ],
    });
    const { message, fields } = refusal(() =>
      readSchemeData(
        '<Scheme><EmployerId>E</EmployerId><StagingDate>2014-13-01</StagingDate><Groups><Group><GroupId>1</GroupId><EmployerRate>3%</EmployerRate></Group></Groups></Scheme>',
      ),
    );
    expect(message).toMatch(
      /^Unexpected PensionSync scheme data \(SASS\): Scheme.DestinationId: Invalid input: expected string, received undefined; .*Scheme.StagingDate: expected a date as YYYY-MM-DD; .*Scheme.Groups.Group.0.EmployerRate: expected a percentage; /,
    );
    expect(fields).toContain('Scheme.Groups.Group.0.EmployerRate');
  });
});

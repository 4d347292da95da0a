// Generated from docs/openapi.json by `npm run docs:openapi` (openapi-typescript); do not edit.
export interface paths {
    "/v1/intermediaries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** PensionSync intermediaries, a page at a time */
        get: operations["listIntermediaries"];
        put?: never;
        /** Create a PensionSync intermediary (once per payroll reference) */
        post: operations["createIntermediary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/intermediaries/{intermediaryId}/dashboard-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-time link to the intermediary's PensionSync dashboard */
        post: operations["createDashboardLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API described in OpenAPI 3.1 */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pensionsync/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The providers PensionSync reaches and what each offers */
        get: operations["listPensionSyncDestinations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Linked schemes by route, provider and authorisation, a page at a time */
        get: operations["listSchemes"];
        put?: never;
        /** Link an employer's scheme: TPP direct through a connection, or any provider through PensionSync */
        post: operations["createScheme"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One scheme, its authorisation and details */
        get: operations["getScheme"];
        put?: never;
        post?: never;
        /** Unlink a scheme: no new submissions or syncs; history kept; accepted submissions still finish */
        delete: operations["unlinkScheme"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A scheme's history, newest first, a page at a time
         * @description Every change of its details and of its authorisation, each PAPDIS file made for it and its unlinking. An unlinked scheme keeps its history.
         */
        get: operations["listSchemeHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/opt-outs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme's opt-outs and cessations, newest first */
        get: operations["listOptOuts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/opt-outs/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pull a scheme's opt-outs (and cessations) from the provider now */
        post: operations["syncOptOuts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/papdis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A checked payroll as a PAPDIS file to upload through PensionSync's dashboard (nothing stored or sent) */
        post: operations["createPapdisFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read the scheme's details and authorisation from the provider again */
        post: operations["refreshScheme"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme's submissions, newest first, a page at a time */
        get: operations["listSubmissions"];
        put?: never;
        /** Submit a payroll: canonical JSON, a PAPDIS file, or the uploadId of a presigned upload */
        post: operations["createSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{schemeId}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A presigned PUT for a payroll too large for a request body */
        post: operations["createUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One submission: where it stands, its history and its errors */
        get: operations["getSubmission"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a submission still queued */
        post: operations["cancelSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail: what was received, the canonical document, what was sent and every provider exchange
         * @description Each entry downloads through a presigned GET that lasts five minutes (`linksExpireAt`).
         */
        get: operations["listSubmissionDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}/errors.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A submission's errors as CSV, for payroll to hand to its customer */
        get: operations["getSubmissionErrorsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}/mark-sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a submission in error or queued as delivered by hand, outside the gateway */
        post: operations["markSubmissionSent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{submissionId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a submission in error again */
        post: operations["retrySubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sync-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheduled sync run's summary */
        get: operations["getSyncRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tpp/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** TPP's OAuth 2 redirect: where the customer's browser lands after consenting */
        get: operations["tppCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tpp/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** TPP connections, a page at a time */
        get: operations["listTppConnections"];
        put?: never;
        /** Start a TPP OAuth 2 connection: the customer opens authorizeUrl and consents at TPP */
        post: operations["createTppConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tpp/connections/{connectionId}/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The admin accounts a connection's grant reaches, and whether TPP's API supports each */
        get: operations["listTppAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcceptedSubmission: {
            submissionId: string;
            schemeId: string;
            /** @enum {string} */
            status: "received" | "rejected" | "queued" | "submitted" | "accepted" | "processed" | "validated" | "failed" | "error" | "cancelled" | "marked-sent";
            /** @description An instant, ISO 8601 in UTC. */
            createdAt: string;
            /** @description An instant, ISO 8601 in UTC. */
            updatedAt: string;
            payReferencePeriod?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            employeeCount?: number;
            idempotencyKey?: string;
            uploadId?: string;
            /** @enum {string} */
            receivedAs?: "json" | "papdis-csv";
            /** @enum {string} */
            format?: "pass" | "papdis";
            dryRun?: boolean;
            providerReference?: string;
            providerStatus?: string;
            errorCount?: number;
            failureReason?: string;
            waitingFor?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            retryCount?: number;
            replaces?: string;
            links: {
                self: string;
                scheme: string;
            };
            adjustments: components["schemas"]["Adjustment"][];
        };
        /** @description A change the gateway made to the document before sending it. */
        Adjustment: {
            uniqueId: string;
            employeeIndex: number;
            field: string;
            value: string;
            reason: string;
        };
        CanonicalEmployee: {
            /** @enum {string} */
            title: "Mr" | "Mrs" | "Miss" | "Ms" | "Mx" | "Dr" | "Sir";
            /** @enum {string} */
            gender: "M" | "F";
            forename: string;
            middleName?: string;
            surname: string;
            dateOfBirth: string;
            niNumber?: string;
            uniqueId: string;
            address: {
                line1: string;
                line2?: string;
                line3?: string;
                line4?: string;
                line5?: string;
                country?: string;
            };
            homePhoneNumber?: string;
            mobilePhoneNumber?: string;
            /** Format: email */
            personalEmailAddress?: string;
            employmentPeriod: {
                start: string;
                end?: string;
            };
            workerGroupId: string;
            /** @enum {string} */
            autoEnrolmentStatus: "Eligible" | "Non Eligible" | "Entitled" | "Not Known" | "Not Applicable" | "Contractual Enrolment" | "Already In Qualifying Scheme";
            autoEnrolmentDate?: string;
            optInDate?: string;
            schemeJoinDate?: string;
            optOutDate?: string;
            pensionableEarnings: number;
            employerContributionAmount: number;
            employeeContributionAmount: number;
            /** @constant */
            partialContributionReason?: "Employee Transfer";
            employerContributionPercent?: number;
            employeeContributionPercent?: number;
            additionalVoluntaryContributionAmount?: number;
            salarySacrifice?: boolean;
            exitDate?: string;
            exitReasonCode?: string;
        };
        CanonicalSubmission: {
            payReferencePeriod: {
                start: string;
                end: string;
            };
            employees: components["schemas"]["CanonicalEmployee"][];
            total?: number;
            payPeriod?: {
                start: string;
                end: string;
            };
            /** @enum {string} */
            payFrequency?: "W1" | "W2" | "W4" | "M1" | "M3" | "M6" | "MA";
            taxPeriod?: number;
            contributionDeductionDate?: string;
        };
        DashboardLink: {
            url: string;
            /** @description An instant, ISO 8601 in UTC. */
            expiresAt?: string;
        };
        DestinationList: {
            destinations: {
                destinationId: string;
                name?: string;
                activeMethods: string[];
            }[];
        };
        DryRunResult: {
            /** @constant */
            valid: true;
            employeeCount: number;
            /** @description Contributions in pounds. */
            total: number;
            adjustments: components["schemas"]["Adjustment"][];
        };
        Intermediary: {
            intermediaryId: string;
            reference: string;
            name: string;
            /** @description An instant, ISO 8601 in UTC. */
            createdAt: string;
        };
        IntermediaryPage: {
            items: {
                intermediaryId: string;
                reference: string;
                name: string;
                /** Format: date-time */
                createdAt: string;
                links: {
                    dashboardLink: string;
                };
            }[];
            /** @description Absent on the last page; pass it as `cursor` for the next. */
            nextCursor?: string;
        };
        IntermediaryRequest: {
            name: string;
            reference: string;
        };
        IssuedUpload: {
            uploadId: string;
            url: string;
            /** @constant */
            method: "PUT";
            /** @description Headers the PUT must carry. */
            headers: {
                [key: string]: string;
            };
            /** @description An instant, ISO 8601 in UTC. */
            expiresAt: string;
            maxBytes: number;
        };
        LinkedScheme: {
            schemeId: string;
            authorisation: {
                /** @enum {string} */
                status: "authorised" | "pending" | "refused" | "reauthorisation-needed";
                /** @description Where the employer authorises the gateway, while pending. */
                url?: string;
                /** @description An instant, ISO 8601 in UTC. */
                changedAt?: string;
            };
            details?: {
                [key: string]: unknown;
            };
            /** @description An instant, ISO 8601 in UTC. */
            detailsReadAt?: string;
        };
        LinkSchemeRequest: {
            /** @enum {string} */
            provider: "TPP" | "NST" | "SMP" | "NOW" | "AVC" | "LGS";
            /** @enum {string} */
            route: "direct" | "pensionsync";
            employerReference: string;
            intermediaryId?: string;
            connectionId?: string;
            accountId?: string;
            /** @enum {string} */
            format?: "pass" | "papdis";
        };
        MarkSentRequest: {
            /** @description Why and how the period was delivered outside the gateway (e.g. "uploaded by hand on the provider portal"). */
            reason: string;
        };
        OptOutList: {
            items: {
                uniqueId: string;
                niNumber?: string;
                forename?: string;
                surname?: string;
                /** @description A calendar date, YYYY-MM-DD. */
                optOutDate: string;
                channel?: string;
                refundStatus?: string;
                entitledToRefund?: string;
                employeeRefund: number;
                employerRefund: number;
                /** @enum {string} */
                status: "open" | "confirmed";
                /** @description An instant, ISO 8601 in UTC. */
                firstSeenAt: string;
                /** @description An instant, ISO 8601 in UTC. */
                lastChangedAt: string;
                /** @description An instant, ISO 8601 in UTC. */
                confirmedAt?: string;
            }[];
            cessations: {
                uniqueId: string;
                niNumber?: string;
                forename?: string;
                surname?: string;
                /** @description A calendar date, YYYY-MM-DD. */
                cessationDate: string;
                /** @description A calendar date, YYYY-MM-DD. */
                receivedDate?: string;
                /** @constant */
                status: "open";
                /** @description An instant, ISO 8601 in UTC. */
                firstSeenAt: string;
            }[];
        };
        /** @description What the pull found and changed. */
        OptOutSync: {
            schemeId: string;
            /** @description Opt-outs the provider lists now. */
            listed: number;
            /** @description Opt-outs new to the gateway. */
            received: number;
            updated: number;
            /** @description Opt-outs that dropped off the list once payroll confirmed them. */
            confirmed: number;
            cessationsReceived: number;
        };
        /** @description One problem with a request, or reported by a provider. */
        Problem: {
            /** @description What is wrong, for code: `schema.invalid_type`, `provider-rejected`, ... */
            code: string;
            message: string;
            /** @description The field it concerns, as a path: `employees[3].niNumber`. */
            field?: string;
            /** @description For an employee, payroll's uniqueId. */
            uniqueId?: string;
            employeeIndex?: number;
            providedValue?: string;
            expectedValue?: string;
            category?: string;
            about?: string;
            /** @enum {string} */
            source: "gateway" | "provider";
        };
        /** @description An error answer, RFC 9457 problem details. */
        ProblemDetails: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @description The request id, which identifies the call in the logs. */
            instance?: string;
            errors: components["schemas"]["Problem"][];
        };
        Scheme: {
            schemeId: string;
            /** @enum {string} */
            provider: "TPP" | "NST" | "SMP" | "NOW" | "AVC" | "LGS";
            /** @enum {string} */
            route: "direct" | "pensionsync";
            employerReference: string;
            connectionId?: string;
            accountId?: string;
            intermediaryId?: string;
            /** @enum {string} */
            format?: "pass" | "papdis";
            /** @description An instant, ISO 8601 in UTC. */
            createdAt: string;
            authorisation: {
                /** @enum {string} */
                status: "authorised" | "pending" | "refused" | "reauthorisation-needed";
                /** @description Where the employer authorises the gateway, while pending. */
                url?: string;
                /** @description An instant, ISO 8601 in UTC. */
                changedAt?: string;
            };
            /** @description Scheme details in TPP's field names. */
            details?: {
                [key: string]: unknown;
            };
            /** @description An instant, ISO 8601 in UTC. */
            detailsReadAt?: string;
            optOutSyncFailure?: {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                runId: string;
                error: string;
            };
            schemeSyncFailure?: {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                runId: string;
                error: string;
            };
            links: {
                submissions: string;
            };
        };
        /** @description What happened to a scheme, newest first: its details changing (TPP's field names, before and after), its authorisation moving, a PAPDIS file made for it, its unlinking. */
        SchemeHistoryPage: {
            items: ({
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @constant */
                action: "details-changed";
                changedFields: string[];
                before: {
                    [key: string]: unknown;
                };
                after: {
                    [key: string]: unknown;
                };
            } | {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @constant */
                action: "authorisation-changed";
                /** @enum {string} */
                from: "authorised" | "pending" | "refused" | "reauthorisation-needed";
                /** @enum {string} */
                to: "authorised" | "pending" | "refused" | "reauthorisation-needed";
            } | {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @constant */
                action: "papdis-file-generated";
                payReferencePeriod: {
                    /** @description A calendar date, YYYY-MM-DD. */
                    start: string;
                    /** @description A calendar date, YYYY-MM-DD. */
                    end: string;
                };
                employeeCount: number;
            } | {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @constant */
                action: "unlinked";
                reason?: string;
            })[];
            nextCursor?: string;
        };
        SchemePage: {
            items: ({
                schemeId: string;
                /** @enum {string} */
                provider: "TPP" | "NST" | "SMP" | "NOW" | "AVC" | "LGS";
                /** @enum {string} */
                route: "direct" | "pensionsync";
                employerReference: string;
                connectionId?: string;
                accountId?: string;
                intermediaryId?: string;
                /** @enum {string} */
                format?: "pass" | "papdis";
                /** Format: date-time */
                createdAt: string;
                authorisation: {
                    /** @enum {string} */
                    status: "authorised" | "pending" | "refused" | "reauthorisation-needed";
                } & {
                    [key: string]: unknown;
                };
                /** Format: date-time */
                unlinkedAt?: string;
                unlinkReason?: string;
                links: {
                    self: string;
                    submissions: string;
                };
            } & {
                [key: string]: unknown;
            })[];
            /** @description Absent on the last page. A page may hold fewer items than `limit` and still have a next one. */
            nextCursor?: string;
        };
        StartConnectionRequest: {
            /** Format: uri */
            returnUrl?: string;
        };
        StartedConnection: {
            connectionId: string;
            /** @constant */
            status: "pending";
            /** @description Where the customer consents at TPP. */
            authorizeUrl: string;
        };
        Submission: {
            submissionId: string;
            schemeId: string;
            /** @enum {string} */
            status: "received" | "rejected" | "queued" | "submitted" | "accepted" | "processed" | "validated" | "failed" | "error" | "cancelled" | "marked-sent";
            /** @description An instant, ISO 8601 in UTC. */
            createdAt: string;
            /** @description An instant, ISO 8601 in UTC. */
            updatedAt: string;
            payReferencePeriod?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            employeeCount?: number;
            idempotencyKey?: string;
            uploadId?: string;
            /** @enum {string} */
            receivedAs?: "json" | "papdis-csv";
            /** @enum {string} */
            format?: "pass" | "papdis";
            dryRun?: boolean;
            providerReference?: string;
            providerStatus?: string;
            errorCount?: number;
            failureReason?: string;
            waitingFor?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            retryCount?: number;
            replaces?: string;
            links: {
                self: string;
                scheme: string;
            };
            history: ({
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @enum {string} */
                status: "received" | "rejected" | "queued" | "submitted" | "accepted" | "processed" | "validated" | "failed" | "error" | "cancelled" | "marked-sent";
                detail?: string;
            } | {
                /** @description An instant, ISO 8601 in UTC. */
                at: string;
                /** @constant */
                kind: "attempt";
                operation: string;
                outcome: string;
                detail?: string;
                /** @description An instant, ISO 8601 in UTC. */
                retryAt?: string;
            })[];
            errors: components["schemas"]["Problem"][];
        };
        SubmissionDocuments: {
            submissionId: string;
            /** Format: date-time */
            linksExpireAt: string;
            documents: {
                /** @enum {string} */
                name: "received" | "canonical" | "sent" | "provider-errors" | "rejection";
                /** Format: date-time */
                storedAt: string;
                bytes: number;
                contentType: string;
                /** Format: uri */
                url: string;
            }[];
            exchanges: {
                /** Format: date-time */
                at: string;
                operation: string;
                httpStatus: number | null;
                bytes: number;
                contentType: string;
                /** Format: uri */
                url: string;
            }[];
        };
        SubmissionPage: {
            items: components["schemas"]["SubmissionSummary"][];
            nextCursor?: string;
        };
        SubmissionSummary: {
            submissionId: string;
            schemeId: string;
            /** @enum {string} */
            status: "received" | "rejected" | "queued" | "submitted" | "accepted" | "processed" | "validated" | "failed" | "error" | "cancelled" | "marked-sent";
            /** @description An instant, ISO 8601 in UTC. */
            createdAt: string;
            /** @description An instant, ISO 8601 in UTC. */
            updatedAt: string;
            payReferencePeriod?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            employeeCount?: number;
            idempotencyKey?: string;
            uploadId?: string;
            /** @enum {string} */
            receivedAs?: "json" | "papdis-csv";
            /** @enum {string} */
            format?: "pass" | "papdis";
            dryRun?: boolean;
            providerReference?: string;
            providerStatus?: string;
            errorCount?: number;
            failureReason?: string;
            waitingFor?: {
                /** @description A calendar date, YYYY-MM-DD. */
                start: string;
                /** @description A calendar date, YYYY-MM-DD. */
                end: string;
            };
            retryCount?: number;
            replaces?: string;
            links: {
                self: string;
                scheme: string;
            };
        };
        SyncRun: {
            runId: string;
            /** @enum {string} */
            kind: "opt-outs" | "scheme-details";
            /** @enum {string} */
            status: "running" | "completed" | "abandoned";
            /** @description An instant, ISO 8601 in UTC. */
            startedAt: string;
            /** @description An instant, ISO 8601 in UTC. */
            updatedAt?: string;
            /** @description An instant, ISO 8601 in UTC. */
            endedAt?: string;
            closedBy?: string;
            pages: number;
            groups: {
                [key: string]: {
                    [key: string]: number;
                };
            };
            failures: {
                schemeId: string;
                /** @enum {string} */
                route: "direct" | "pensionsync";
                error: string;
            }[];
            failuresNotListed: number;
        };
        TppAccountList: {
            items: {
                accountId: string;
                accountName?: string;
                apiSupported: boolean;
                reason?: string;
            }[];
        };
        TppConnectionPage: {
            items: {
                connectionId: string;
                /** @enum {string} */
                status: "pending" | "active" | "refused" | "reauthorisation-needed";
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt?: string;
                returnUrl?: string;
                links: {
                    accounts: string;
                };
            }[];
            /** @description Absent on the last page; pass it as `cursor` for the next. */
            nextCursor?: string;
        };
        UnlinkedScheme: {
            schemeId: string;
            /** Format: date-time */
            unlinkedAt: string;
            unlinkReason?: string;
            /** @description Accepted submissions not yet at an end (among the latest 100): still delivered and followed to their end. */
            unfinishedSubmissions: string[];
            links: {
                self: string;
                submissions: string;
            };
        } & {
            [key: string]: unknown;
        };
        UploadReference: {
            uploadId: string;
        };
        UploadRequest: {
            /** @enum {string} */
            contentType: "application/json" | "text/csv";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listIntermediaries: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100. */
                limit?: number;
                /** @description `nextCursor` from the previous page, as it was given. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntermediaryPage"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createIntermediary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IntermediaryRequest"];
            };
        };
        responses: {
            /** @description Created before with this reference and name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Intermediary"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    /** @description The intermediary */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Intermediary"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Conflict with where the resource stands */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createDashboardLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                intermediaryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The link */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardLink"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listPensionSyncDestinations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The destinations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DestinationList"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listSchemes: {
        parameters: {
            query?: {
                route?: "direct" | "pensionsync";
                provider?: "TPP" | "NST" | "SMP" | "NOW" | "AVC" | "LGS";
                /** @description The scheme's own authorisation status, as stored (a TPP connection's state is not folded in). */
                authorisation?: "authorised" | "pending" | "refused" | "reauthorisation-needed";
                /** @description `false` lists the unlinked schemes instead of the linked ones. */
                linked?: "true" | "false";
                /** @description Page size, 1 to 100. */
                limit?: number;
                /** @description `nextCursor` from the previous page, as it was given. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemePage"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createScheme: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkSchemeRequest"];
            };
        };
        responses: {
            /** @description Linked */
            201: {
                headers: {
                    /** @description The scheme */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkedScheme"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused access (the connection or scheme is not authorised for this) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request breaks a rule: each problem names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    getScheme: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scheme */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scheme"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    unlinkScheme: {
        parameters: {
            query?: {
                /** @description Why, kept on the scheme and sent in the event. */
                reason?: string;
            };
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked (or already unlinked) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnlinkedScheme"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listSchemeHistory: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100. */
                limit?: number;
                /** @description `nextCursor` from the previous page, as it was given. */
                cursor?: string;
            };
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemeHistoryPage"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listOptOuts: {
        parameters: {
            query?: {
                /** @description Only what changed at or after this ISO date or instant. */
                since?: string;
            };
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The opt-outs and cessations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OptOutList"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    syncOptOuts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the pull found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OptOutSync"];
                };
            };
            /** @description The provider refused access (the connection or scheme is not authorised for this) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Gone: expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createPapdisFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CanonicalSubmission"];
            };
        };
        responses: {
            /** @description The PAPDIS file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Gone: expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request breaks a rule: each problem names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    refreshScheme: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As read now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkedScheme"];
                };
            };
            /** @description The provider refused access (the connection or scheme is not authorised for this) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Gone: expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listSubmissions: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100. */
                limit?: number;
                /** @description `nextCursor` from the previous page, as it was given. */
                cursor?: string;
            };
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionPage"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createSubmission: {
        parameters: {
            query?: {
                /** @description `true`: check (and through PensionSync, validate at the provider) without delivering. */
                dryRun?: "true" | "false";
                /** @description PensionSync: the submission for the same period this document corrects. */
                replaces?: string;
            };
            header?: {
                /** @description Makes a retried POST answer the first submission instead of creating another. */
                "idempotency-key"?: string;
            };
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CanonicalSubmission"] | components["schemas"]["UploadReference"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description A dry run direct to TPP: the checks passed, nothing was stored or sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRunResult"];
                };
            };
            /** @description Accepted: checked, stored, and on its way */
            202: {
                headers: {
                    /** @description The submission */
                    location?: string;
                    /** @description `true` when this answers an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedSubmission"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Conflict with where the resource stands */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Gone: expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request breaks a rule: each problem names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schemeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadRequest"];
            };
        };
        responses: {
            /** @description PUT the document here, then submit its uploadId */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedUpload"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Gone: expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    getSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The submission */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    cancelSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionSummary"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Conflict with where the resource stands */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listSubmissionDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The audit trail */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDocuments"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    getSubmissionErrorsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The errors, a header row first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    markSubmissionSent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkSentRequest"];
            };
        };
        responses: {
            /** @description Marked sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionSummary"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Conflict with where the resource stands */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    retrySubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                submissionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description On its way again */
            202: {
                headers: {
                    /** @description The submission */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionSummary"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Conflict with where the resource stands */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    getSyncRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRun"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    tppCallback: {
        parameters: {
            query?: {
                state?: string;
                code?: string;
                error?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Connected */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Back to the returnUrl the connection was started with */
            302: {
                headers: {
                    /** @description returnUrl */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The state is missing, spent or expired */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The customer did not authorise the connection */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listTppConnections: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100. */
                limit?: number;
                /** @description `nextCursor` from the previous page, as it was given. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TppConnectionPage"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    createTppConnection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartConnectionRequest"];
            };
        };
        responses: {
            /** @description Started, pending consent */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedConnection"];
                };
            };
            /** @description Invalid request: each problem names its field; nothing was stored or sent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Unsupported media type: the problem names what the route takes */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    listTppAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The accounts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TppAccountList"];
                };
            };
            /** @description The provider refused access (the connection or scheme is not authorised for this) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The gateway failed; `instance` (the request id) identifies it in the logs */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider refused the request or answered something the gateway could not read */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The provider is unavailable; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}

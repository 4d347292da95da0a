import { randomUUID } from 'node:crypto';
import { scopeKey } from './scopes.ts';

export interface WorkerInstruction {
  instructionId: string;
  instructionType: 'OptOut' | 'Cessation';
  employeeId: string;
  nationalInsuranceNumber?: string;
  forename?: string;
  surname?: string;
  effectiveDate: string;
  receivedDate: string;
  refundDue: boolean;
  refundStatus: 'Pending' | 'Paid' | 'NotDue';
  employeeRefundAmount?: number;
  employerRefundAmount?: number;
}

export type NewWorkerInstruction = Omit<WorkerInstruction, 'instructionId'> & { instructionId?: string };

/** Opt-outs and cessations per scope, placed by test hooks as a provider would report them. */
export class WorkerInstructionBook {
  private readonly byScope = new Map<string, WorkerInstruction[]>();
  private readonly byId = new Map<string, WorkerInstruction>();

  /**
   * Adds the instruction and answers its id. A later instruction for the same employee supersedes the
   * earlier one, which is no longer listed (the wire doc: listed "until it is superseded").
   */
  add(
    intermediaryId: string,
    employerId: string,
    destinationId: string,
    input: NewWorkerInstruction,
  ): string {
    const instruction: WorkerInstruction = { ...input, instructionId: input.instructionId ?? randomUUID() };
    if (this.byId.has(instruction.instructionId)) {
      throw new Error(`Worker instruction ${instruction.instructionId} already exists`);
    }
    const key = scopeKey(intermediaryId, employerId, destinationId);
    const kept = (this.byScope.get(key) ?? []).filter((old) => {
      const superseded = old.employeeId === instruction.employeeId;
      if (superseded) this.byId.delete(old.instructionId);
      return !superseded;
    });
    this.byScope.set(key, [...kept, instruction]);
    this.byId.set(instruction.instructionId, instruction);
    return instruction.instructionId;
  }

  /** Refund fields (and any other) change in place, keeping the instruction's id and place in the list. */
  update(instructionId: string, changes: Partial<Omit<WorkerInstruction, 'instructionId'>>): void {
    const instruction = this.byId.get(instructionId);
    if (!instruction) throw new Error(`The PensionSync sandbox has no worker instruction ${instructionId}`);
    Object.assign(instruction, changes);
  }

  list(intermediaryId: string, employerId: string, destinationId: string): WorkerInstruction[] {
    return (this.byScope.get(scopeKey(intermediaryId, employerId, destinationId)) ?? []).map((i) => ({
      ...i,
    }));
  }
}

/** What health and status report about one running projection. */
export type ProjectionState = 'starting' | 'running' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionStatus {
  state: ProjectionState;
  index?: string;
  reason?: string;
  lastEventAt?: string;
  /** Dead letters this consumer published since it started. */
  deadLettered?: number;
  since: string;
}

/** One consumer's status as it changes: `since` moves only when the state or its reason does. */
export class StatusTracker {
  private value: ProjectionStatus = { state: 'stopped', since: new Date().toISOString() };

  get current(): ProjectionStatus {
    return this.value;
  }

  set(state: ProjectionState, reason?: string): void {
    if (this.value.state === state && this.value.reason === reason) return;
    this.value = { ...this.value, state, reason, since: new Date().toISOString() };
  }

  /** A batch projected: when, and the dead letters it published. */
  projected(deadLettered: number): void {
    Object.assign(this.value, { lastEventAt: new Date().toISOString(), deadLettered: (this.value.deadLettered ?? 0) + deadLettered });
  }
}

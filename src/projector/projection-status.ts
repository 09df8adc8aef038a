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

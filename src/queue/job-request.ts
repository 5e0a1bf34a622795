/** What a command or a button asks the queue to run: the job name (a file in `jobs/`) and its JSON payload. */
export interface JobRequest {
  name: string;
  payload: unknown;
}

/**
 * What this function instance itself created and fully configured, and when. At the default reserved concurrency
 * of 1 every event goes to the same warm instance, and a single push brings up to 25 failed InitiateLayerUpload
 * events for one name (5 concurrent layers x 5 attempts in classic dockerd, AWS-FACTS §9); without this, each
 * duplicate costs CreateRepository plus the heal path's reads, about 0.31 s, and a burst of 500 names drains in
 * an hour instead of minutes.
 *
 * Only a push that failed before the creation completed is a duplicate: one that failed later means the name is
 * missing again (deleted since), so it takes the normal path. CloudTrail's eventTime has whole seconds, so a push
 * failing within the second of completion also counts as a duplicate; the repository exists then. Nothing is kept across cold starts, and a crash
 * before the policies are in place records nothing, so healing is unchanged.
 */
export interface CompletedRecord {
  /** When this instance completed `name`, or undefined. */
  completedAt(name: string): number | undefined;
  add(name: string, at: number): void;
}

/** Names kept per instance; far above a burst's, and a few hundred kilobytes at most. */
const COMPLETED_MAX = 10_000;

export function createCompletedRecord(max = COMPLETED_MAX): CompletedRecord {
  const completed = new Map<string, number>();
  return {
    completedAt: (name) => completed.get(name),
    add(name, at) {
      completed.delete(name);
      completed.set(name, at);
      // A Map iterates in insertion order: the first key is the oldest.
      if (completed.size > max) completed.delete(completed.keys().next().value!);
    },
  };
}

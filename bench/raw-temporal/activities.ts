// The raw anchor's only activity: does nothing (the bench wraps it to time when each one starts).
export function rawActivities() {
  return {
    async noop(_step: number): Promise<void> {},
  };
}

export type RawActivities = ReturnType<typeof rawActivities>;

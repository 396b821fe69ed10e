/**
 * One run of an async action at a time: a call made while a run is in flight joins it instead of starting
 * another. The sign-in form submits through it, so Enter and a click, or Enter pressed twice, send one request.
 */
export function singleFlight<T>(action: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null
  return () => {
    // Taken synchronously, before the first await of the action, so a second event in the same tick joins too.
    if (running) return running
    running = action().finally(() => {
      running = null
    })
    return running
  }
}

/**
 * Ctrl-C and SIGTERM for long-running commands (apply, wait). The first signal asks for a graceful
 * stop: steps already started finish and state is written. A second one cuts vendor calls short;
 * their journal entries stay open and the next run settles them. Commands take an `Interrupts`
 * source injected, so tests drive it without signalling the process.
 */
import { setMaxListeners } from "node:events";

export interface Interrupts {
  /** Aborted by the first interrupt. */
  readonly stop: AbortSignal;
  /** Aborted by the second. */
  readonly force: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

/** Starts listening; `notify` tells the user what each interrupt does. */
export type InterruptSource = (notify: (message: string) => void) => Interrupts;

/** SIGINT and SIGTERM of this process, until disposed. */
export const processInterrupts: InterruptSource = (notify) => {
  const stop = sharedController();
  const force = sharedController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (!stop.signal.aborted) {
      notify(`${name}: stopping after the steps in flight; interrupt again to cut their vendor calls short.`);
      stop.abort();
    } else if (!force.signal.aborted) {
      notify(`${name}: cutting vendor calls short; the next run settles them.`);
      force.abort();
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    stop: stop.signal,
    force: force.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
};

/** For commands run where nothing can interrupt them (and for tests that do not). */
export const noInterrupts: InterruptSource = () => ({ stop: sharedController().signal, force: sharedController().signal, dispose: () => undefined });

/** Every vendor call in flight listens to these signals at once, so Node's leak warning (at 11 listeners) does not apply. */
function sharedController(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

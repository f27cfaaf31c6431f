/**
 * The moment a non-idempotent request leaves. Apply's crash journal must be durable before a
 * create or launch reaches a vendor, but must not be opened while the request still waits for the
 * vendor's pacing: a run killed then leaves entries for calls never sent, and for a vendor that
 * cannot be read back (Cortex) each of those needs a person. Only this client knows when a request
 * leaves, and a driver should not have to thread a hook through every call, so apply runs a step's
 * vendor call inside a SendWatch; the client passes its gate before writing each non-idempotent
 * attempt, and reports whether the attempt may have been carried out.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<SendWatch>();

/** The watch the running call was started in, if any. */
export const currentSendWatch = (): SendWatch | undefined => current.getStore();

export class SendWatch {
  private gate: Promise<void> | undefined;
  private passed = false;
  private left = false;

  /** `beforeFirstSend` runs once, before the first non-idempotent attempt is written. */
  constructor(private readonly beforeFirstSend: () => Promise<void>) {}

  /** Runs `call` so that the HTTP client finds this watch. */
  run<T>(call: () => Promise<T>): Promise<T> {
    return current.run(this, call);
  }

  /** Awaited by the client before it writes a non-idempotent attempt; a rejection stops it unsent. */
  beforeSend(): Promise<void> {
    this.gate ??= this.beforeFirstSend().then(() => {
      this.passed = true;
    });
    return this.gate;
  }

  /** The client's word on one attempt: `mayHaveLanded` false when it provably never reached the vendor. */
  attempted(mayHaveLanded: boolean): void {
    if (mayHaveLanded) this.left = true;
  }

  /** The gate was passed: `beforeFirstSend` completed, so a request may have been written. */
  get opened(): boolean {
    return this.passed;
  }

  /** Some attempt may have reached the vendor and been carried out. */
  get mayHaveLeft(): boolean {
    return this.left;
  }
}

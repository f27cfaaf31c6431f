/**
 * What a command that talks to vendors works with: the loaded manifests, the state backend they
 * name, and a session per vendor they use. Operations receive an `OpenWorkspace` so tests can hand
 * them fakes; the real one (src/ops/open-workspace.ts) loads manifests, resolves `${VAR}`s,
 * opens the backend and connects the drivers.
 */
import type { Desired } from "../manifest/model.js";
import type { StateBackend } from "../state/capabilities.js";
import type { Driver, VendorSession } from "../vendors/driver.js";
import type { Writable } from "../core/writable.js";
import type { CallLimit } from "../http/types.js";
import { isLoopbackHost } from "../http/url.js";

export interface VendorConnection {
  readonly driver: Driver;
  readonly session: VendorSession;
  /** The base URL the settings name; absent when the driver uses its own default. */
  readonly url?: string;
}

/**
 * Whether a vendor answers on a loopback address: the emulators, which keep their objects in
 * memory, so a restart forgets everything state still tracks.
 */
export const onLoopback =
  (ws: Pick<Workspace, "connect">) =>
  (vendor: string): boolean => {
    const url = ws.connect(vendor).url;
    return url !== undefined && URL.canParse(url) && isLoopbackHost(new URL(url).hostname);
  };

/** The workspace's reading of vendor limits, as makePlan takes it for the plan's call estimate. */
export const callLimitOf = (ws: Pick<Workspace, "callLimit">): { readonly callLimit?: (vendor: string) => CallLimit | undefined } =>
  ws.callLimit === undefined ? {} : { callLimit: (vendor) => ws.callLimit?.(vendor) };

export interface Workspace {
  readonly desired: Desired;
  readonly backend: StateBackend;
  /** Every driver by vendor name, so kind hints are known even for vendors not connected. */
  readonly drivers: ReadonlyMap<string, Driver>;
  /** Connects on first use, so vendors without resources or state need no credentials. */
  connect(vendor: string): VendorConnection;
  /** A connected vendor's limit on calls as its answers stated it or its settings gave it; never connects. */
  callLimit?(vendor: string): CallLimit | undefined;
  close(): Promise<void>;
}

/** What opening a workspace reads of its surroundings; the debug trace goes to `stderr`. */
export interface WorkspaceIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stderr: Writable;
}

export interface OpenWorkspaceOptions {
  /** Debug trace of every vendor call (method, path, status, timing), credentials masked. */
  readonly debug?: boolean;
}

export type OpenWorkspace = (paths: readonly string[], io: WorkspaceIO, options?: OpenWorkspaceOptions) => Promise<Workspace>;

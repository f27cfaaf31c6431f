/**
 * Errors are values: a stable `code` (classified where the error is born, never by matching text
 * later), a message a person can act on, and where it applies the manifest location. Messages and
 * `detail` must never contain a credential; the HTTP layer masks them before an error is built.
 */

/** A place in a manifest: 1-based line and column, plus the path inside the document. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted path inside the document, e.g. `hexiosec.scans.corp-perimeter.seeds[2]`. */
  readonly path?: string;
}

export type Severity = "error" | "warning";

/** One finding about the manifests (syntax, schema, semantics). `validate` reports all of them. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it, in one sentence. */
  readonly hint?: string;
  readonly source?: SourceLocation;
  /** The resource address it is about, when it is about one (so a caller can tell which without reading the text). */
  readonly address?: string;
}

export interface ScanformErrorOptions {
  readonly hint?: string;
  readonly source?: SourceLocation;
  /** Extra data a caller may act on (lock holder, vendor response code, ...). Never secrets. */
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** The one error class of scanform. Subsystems pick codes with their own prefix (MANIFEST_, STATE_, HTTP_, ...). */
export class ScanformError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly source: SourceLocation | undefined;
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: ScanformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ScanformError";
    this.code = code;
    this.hint = options.hint;
    this.source = options.source;
    this.detail = options.detail;
  }

  toDiagnostic(): Diagnostic {
    return {
      code: this.code,
      severity: "error",
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.source === undefined ? {} : { source: this.source }),
    };
  }
}

export const isScanformError = (e: unknown): e is ScanformError => e instanceof ScanformError;

/** `file:line:col` as editors and CI annotations understand it. */
export const formatLocation = (s: SourceLocation): string => `${s.file}:${s.line}:${s.column}`;

/**
 * An environment variable with a value scanform cannot use: one line naming the variable. The
 * value is outside input, so it is quoted and cut, and a stray multi-line value stays one line.
 */
export function badVariable(variable: string, raw: string, expected: string): ScanformError {
  const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  return new ScanformError("CLI_BAD_ENVIRONMENT", `${variable} is ${shown}: ${expected}.`, { detail: { variable } });
}

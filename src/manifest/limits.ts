/**
 * What one run of the loader may spend on hostile input. Each limit has a clear finding when it
 * is reached and is documented in docs/manifest.md; callers (tests, the reliability suite) may
 * lower them to show a limit on a small input.
 */
export interface ManifestLimits {
  /** Bytes read from one file; counted as they are read, whatever the file system says. */
  readonly fileBytes: number;
  /** Nodes aliases may add to one document: a "billion laughs" file crosses it within a few lines. */
  readonly aliasExpansion: number;
  /** Levels of nested collections; real manifests use about 7. */
  readonly depth: number;
  /**
   * Documents (`---`) in one file. A real manifest holds a handful; each document is built in full
   * before any is checked, so 1,300,000 empty ones took 2.3 GB. 1,000 is far above any real use and
   * keeps a file's documents to a few megabytes.
   */
  readonly documents: number;
  /** YAML syntax errors listed per document; the rest are counted in one finding. */
  readonly syntaxErrors: number;
  /** Characters of one finding's message or hint; a value quoted in it is cut far shorter (quote.ts). */
  readonly messageChars: number;
  /** Edit-distance cells all "did you mean" suggestions of one load may compute together. */
  readonly suggestionCells: number;
}

export const MANIFEST_LIMITS: ManifestLimits = {
  fileBytes: 5 * 1024 * 1024,
  aliasExpansion: 100_000,
  depth: 100,
  documents: 1_000,
  syntaxErrors: 1_000,
  messageChars: 500,
  suggestionCells: 20_000_000,
};

export const withLimits = (given: Partial<ManifestLimits> = {}): ManifestLimits => ({ ...MANIFEST_LIMITS, ...given });

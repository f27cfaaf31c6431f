/** scanform's version, as `package.json` says (a test keeps the two equal); sent in `User-Agent`. */
export const VERSION = "0.1.0";

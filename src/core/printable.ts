/**
 * Text from outside (a vendor's words, ids, states) made inert before a person's terminal or a CI
 * log reads it. A line break lets it start a line of its own, and a CI runner takes a line
 * starting with `::` as a workflow command (`::stop-commands::`, `::add-mask::`, a forged
 * `::error`); an escape sequence lets it recolour or hide what follows (a concealed destroy). Each
 * such character is written as JSON escapes it, so the text still says what it said.
 */

/**
 * C0 controls but tab, DEL, C1 controls, the Unicode line and paragraph separators, and the
 * bidirectional controls (an override shows text reversed: one name read as another).
 */
const STEERING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** The same but the line feed, for text written on several lines on purpose. */
const STEERING_BUT_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const escaped = (c: string): string => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** One line, whatever the text held. */
export const oneLine = (text: string): string => text.replace(STEERING, escaped);

/** Its own line breaks kept, nothing else that steers. */
export const inertLines = (text: string): string => text.replace(STEERING_BUT_LF, escaped);

/**
 * Offset → 1-based line and column, as `yaml`'s LineCounter counts them (a line starts after
 * each "\n"; columns in UTF-16 code units), from a table built in one pass over the text.
 */
export class LineTable {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return { line: low, column: offset - this.starts[low - 1]! + 1 };
  }
}

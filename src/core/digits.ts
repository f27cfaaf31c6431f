/** A number written as digits in the one spelling a vendor reading it as an integer means: `0100` is `100`. */
export const withoutLeadingZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, "");

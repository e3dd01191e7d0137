export interface FilterOption {
  value: string;
  label: string;
}

/**
 * The choices of a filter select, with the current value added when the list lacks it (a key deleted since,
 * an id pasted into the address, a list still loading): a select must show what the page filters by.
 */
export function choicesWith(options: readonly FilterOption[], value: string, unknownLabel: (value: string) => string = (v) => v): FilterOption[] {
  if (!value || options.some((o) => o.value === value)) return [...options];
  return [...options, { value, label: unknownLabel(value) }];
}

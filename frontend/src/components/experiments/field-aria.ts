import { useId } from 'vue';

/**
 * Ids and ARIA wiring for a form whose errors are keyed by field: the error paragraph's id joins the hint's in
 * `aria-describedby`, so a screen reader reads the problem with the field. Field keys may hold brackets and dots.
 */
export function useFieldAria(errors: () => Partial<Record<string, string>>) {
  const uid = useId();
  const id = (part: string) => `${uid}-${part.replace(/[^\w-]/g, '-')}`;
  const describedBy = (field: string, hint = true) =>
    [hint ? id(`${field}-hint`) : '', errors()[field] ? id(`${field}-error`) : ''].filter(Boolean).join(' ') || undefined;
  const invalid = (field: string): 'true' | 'false' => (errors()[field] ? 'true' : 'false');
  return { id, describedBy, invalid };
}

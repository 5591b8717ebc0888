interface PagerProps {
  /** What is paged, for screen readers: "Experiments pages". */
  label: string;
  /** Absent on the first page. */
  onFirst?: (() => void) | undefined;
  /** Absent on the last page. */
  onNext?: (() => void) | undefined;
}

/**
 * Token paging as the API has it: forward one page at a time, or back to the first. (A token
 * names where a page starts, so a shared URL opens on the same page.)
 */
export function Pager({ label, onFirst, onNext }: PagerProps) {
  if (onFirst === undefined && onNext === undefined) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={onFirst} disabled={onFirst === undefined}>
        First page
      </button>
      <button type="button" onClick={onNext} disabled={onNext === undefined}>
        Next page
      </button>
    </nav>
  );
}

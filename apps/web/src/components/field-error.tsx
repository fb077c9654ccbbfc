/** Messages for one control; keeps its height when empty so the layout does not jump. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  return (
    <p id={id} className="mt-1 min-h-4 text-xs text-red-700" data-field-error>
      {messages.join(" ")}
    </p>
  );
}

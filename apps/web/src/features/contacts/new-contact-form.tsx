"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "@/components/toast";
import { ReadOnlyNote, useCan } from "@/features/auth/role-context";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";
import { ContactFields } from "./contact-fields";
import { FIELD_LABELS } from "./field-labels";
import { formToCreate } from "./form-to-patch";
import { emptyContactForm } from "./form-values";
import { errorsOutside, type FieldErrors, issuesToFieldErrors } from "./issues-to-field-errors";

export function NewContactForm() {
  const canWrite = useCan("contacts:write");
  const router = useRouter();
  const utils = trpc.useUtils();
  const [values, setValues] = useState(emptyContactForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const create = trpc.contact.create.useMutation();
  const formErrors = errorsOutside(errors, Object.keys(FIELD_LABELS));

  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [errors]);

  if (!canWrite) return <ReadOnlyNote className="card" />;
  return (
    <form
      ref={formRef}
      noValidate
      aria-label="New contact"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const contact = await create.mutateAsync(formToCreate(values));
          void utils.contact.list.invalidate();
          toast.success("Contact created");
          router.push(`/contacts/${contact.id}`);
        } catch (err) {
          const data = errorData(err);
          if (data.code === "BAD_REQUEST" && data.issues) {
            setErrors(issuesToFieldErrors(data.issues));
            toast.error("Not created: some fields need attention");
          } else {
            if (data.code === "CONFLICT") setErrors({ externalRefs: [errorMessage(err)] });
            toast.error(`Not created: ${errorMessage(err)}`);
          }
        }
      }}
    >
      {formErrors.length > 0 && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800"
        >
          {formErrors.join(" ")}
        </div>
      )}
      <ContactFields values={values} setValues={setValues} errors={errors} />
      <div className="sticky bottom-0 z-10 mt-6 flex gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
        <button type="submit" className="btn-primary min-w-32" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create contact"}
        </button>
      </div>
    </form>
  );
}

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { TagInput } from "@/components/tag-input";
import { LanguageSelect } from "@/features/contacts/language-select";

afterEach(cleanup);

function Tags({ initial }: { initial: string[] }) {
  const [tags, setTags] = useState(initial);
  return (
    <>
      <label htmlFor="t">Add a tag</label>
      <TagInput id="t" tags={tags} onChange={setTags} />
      <output>{JSON.stringify(tags)}</output>
    </>
  );
}

describe("TagInput", () => {
  it("adds on Enter, drops case-insensitive duplicates as the contract does, removes by button", () => {
    render(<Tags initial={["ESG"]} />);
    const input = screen.getByLabelText("Add a tag");
    fireEvent.change(input, { target: { value: " Tier 1 " } });
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.change(input, { target: { value: "esg" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(screen.getByRole("status").textContent).toBe('["ESG","Tier 1"]');
    fireEvent.click(screen.getByRole("button", { name: "Remove tag ESG" }));
    expect(screen.getByRole("status").textContent).toBe('["Tier 1"]');
    fireEvent.keyDown(input, { key: "Backspace" });
    expect(screen.getByRole("status").textContent).toBe("[]");
  });
});

function Language() {
  const [code, setCode] = useState("sv");
  return (
    <>
      <label htmlFor="l">Primary language</label>
      <LanguageSelect id="l" value={code} onChange={setCode} />
      <output>{code}</output>
    </>
  );
}

describe("LanguageSelect", () => {
  it("shows the language name, searches by name, and picks with the keyboard", () => {
    render(<Language />);
    const box = screen.getByRole("combobox", { name: "Primary language" }) as HTMLInputElement;
    expect(box.value).toBe("Swedish (sv)");
    fireEvent.focus(box);
    fireEvent.change(box, { target: { value: "germ" } });
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toContain("German (de)");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(screen.getByRole("status").textContent).toBe("de");
    expect(box.value).toBe("German (de)");
  });
});

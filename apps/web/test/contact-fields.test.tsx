import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { LanguageSelect } from "@/features/contacts/language-select";
import { TagInput } from "@/features/tags/tag-input";

afterEach(cleanup);

/** The workspace's tags as tag.list would answer them. */
const VOCABULARY = [
  { name: "ESG", count: 12 },
  { name: "Equities", count: 3 },
  { name: "Nordics", count: 7 },
];
const suggest = (prefix: string) =>
  VOCABULARY.filter((t) => t.name.toLowerCase().startsWith(prefix.toLowerCase()));

function Tags({ initial }: { initial: string[] }) {
  const [tags, setTags] = useState(initial);
  return (
    <>
      <label htmlFor="t">Add a tag</label>
      <TagInput id="t" tags={tags} onChange={setTags} suggest={suggest} />
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

  it("splits a pasted list on separators and normalizes each tag", () => {
    render(<Tags initial={["ESG"]} />);
    const input = screen.getByLabelText("Add a tag");
    fireEvent.paste(input, { clipboardData: { getData: () => "esg, Nordics;  Tier   1." } });
    expect(screen.getByRole("status").textContent).toBe('["ESG","Nordics","Tier 1"]');
    expect((input as HTMLInputElement).value).toBe("");
  });

  it("a typed comma ends a tag, without the comma", () => {
    render(<Tags initial={[]} />);
    const input = screen.getByLabelText("Add a tag");
    fireEvent.change(input, { target: { value: "Family office," } });
    expect(screen.getByRole("status").textContent).toBe('["Family office"]');
    expect((input as HTMLInputElement).value).toBe("");
  });

  it("suggests existing tags with counts; arrows and Enter pick one", () => {
    render(<Tags initial={["Nordics"]} />);
    const input = screen.getByRole("combobox", { name: "Add a tag" });
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "e" } });
    expect(input.getAttribute("aria-expanded")).toBe("true");
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.getAttribute("aria-label"))).toEqual([
      "ESG, 12 contacts",
      "Equities, 3 contacts",
    ]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]?.id);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(screen.getByRole("status").textContent).toBe('["Nordics","Equities"]');
    // A tag the contact carries is not suggested again.
    fireEvent.change(input, { target: { value: "N" } });
    expect(screen.queryAllByRole("option")).toHaveLength(0);
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

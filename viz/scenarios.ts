/**
 * The bundled scenario library: every scenarios/*.yaml, bundled as text by Vite, with
 * its title, description and learning goal read (without running anything) for the
 * picker. The simulation worker validates and builds the chosen one.
 */
import { parse } from "yaml";
import type { Lang } from "./i18n";

export interface LibraryEntry {
  file: string;
  id: string;
  yaml: string;
  title: string;
  description: { en: string; ja: string };
  goal: { en: string; ja: string };
}

const files = import.meta.glob("../scenarios/*.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

type Loc = string | { en?: string; ja?: string } | undefined;
const loc = (x: Loc): { en: string; ja: string } =>
  x === undefined ? { en: "", ja: "" } : typeof x === "string" ? { en: x, ja: x } : { en: x.en ?? "", ja: x.ja ?? x.en ?? "" };

export const LIBRARY: LibraryEntry[] = Object.entries(files)
  .map(([path, yaml]) => {
    const file = path.split("/").pop() as string;
    let meta: { name?: string; description?: Loc; learningGoal?: Loc } = {};
    try {
      meta = (parse(yaml) ?? {}) as typeof meta;
    } catch {
      meta = {};
    }
    return { file, id: file.replace(/\.yaml$/, ""), yaml, title: meta.name ?? file, description: loc(meta.description), goal: loc(meta.learningGoal) };
  })
  .sort((a, b) => (a.id === "default" ? -1 : b.id === "default" ? 1 : a.id.localeCompare(b.id)));

export function describeEntry(e: LibraryEntry, lang: Lang): string {
  return e.description[lang] || e.description.en;
}

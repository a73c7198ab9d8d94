/**
 * The bundled scenario library: every scenarios/*.yaml with its title, description
 * and learning goal, for the picker. vite.config.ts builds it as the virtual module
 * `virtual:mxsim-library` (reading the files in Node), so the page neither fetches
 * the files one by one nor parses YAML at startup; the simulation worker validates and
 * builds the chosen one. The default scenario comes first.
 */
import library from "virtual:mxsim-library";
import type { Lang } from "./i18n";

export interface LibraryEntry {
  file: string;
  id: string;
  yaml: string;
  title: string;
  description: { en: string; ja: string };
  goal: { en: string; ja: string };
}

export const LIBRARY: readonly LibraryEntry[] = library;

export function describeEntry(e: LibraryEntry, lang: Lang): string {
  return e.description[lang] || e.description.en;
}

/**
 * The scenario editor: paste or open your own YAML, load it, and see validation
 * problems at line:col (the simulator's ScenarioError problems, sent by the worker).
 * The gutter marks the lines with problems; clicking a problem selects its line.
 */
import { t, type Lang } from "../i18n";
import type { ProblemInfo } from "../protocol";
import { markedLines, readScenarioFile } from "../model/problems";

export class Editor {
  readonly root: HTMLElement;
  private readonly area: HTMLTextAreaElement;
  private readonly gutter: HTMLElement;
  private readonly problems: HTMLOListElement;
  private readonly help: HTMLElement;
  private readonly loadBtn: HTMLButtonElement;
  private readonly fileBtn: HTMLInputElement;
  private readonly fileLabel: HTMLLabelElement;
  private marked: readonly ProblemInfo[] = [];

  constructor(parent: HTMLElement, private readonly onLoad: (yaml: string) => void) {
    this.root = document.createElement("section");
    this.root.className = "editor";
    this.root.id = "editor";
    this.help = document.createElement("p");
    const wrap = document.createElement("div");
    wrap.className = "code";
    this.gutter = document.createElement("pre");
    this.gutter.className = "gutter";
    this.gutter.setAttribute("aria-hidden", "true");
    this.area = document.createElement("textarea");
    this.area.id = "yaml";
    this.area.spellcheck = false;
    this.area.oninput = () => this.lines();
    this.area.onscroll = () => { this.gutter.scrollTop = this.area.scrollTop; };
    wrap.append(this.gutter, this.area);
    const bar = document.createElement("div");
    bar.className = "bar";
    this.loadBtn = document.createElement("button");
    this.loadBtn.id = "yaml-load";
    this.loadBtn.onclick = () => this.onLoad(this.area.value);
    this.fileLabel = document.createElement("label");
    this.fileLabel.className = "file";
    this.fileBtn = document.createElement("input");
    this.fileBtn.type = "file";
    this.fileBtn.accept = ".yaml,.yml,text/yaml";
    this.fileBtn.onchange = async () => {
      const f = this.fileBtn.files?.[0];
      if (!f) return;
      const read = readScenarioFile(new Uint8Array(await f.arrayBuffer()), f.name);
      this.set(read.text);
      if (read.problems.length > 0) this.show(read.problems);
      else this.onLoad(this.area.value);
    };
    this.fileLabel.append(this.fileBtn);
    bar.append(this.loadBtn, this.fileLabel);
    this.problems = document.createElement("ol");
    this.problems.className = "problems";
    this.problems.id = "problems";
    this.root.append(this.help, wrap, bar, this.problems);
    parent.append(this.root);
  }

  labels(lang: Lang): void {
    this.help.textContent = t(lang, "ui.editorHelp");
    this.loadBtn.textContent = t(lang, "ui.run");
    this.fileLabel.firstChild?.remove();
    this.fileLabel.prepend(document.createTextNode(`${t(lang, "ui.file")} `));
    this.area.setAttribute("aria-label", t(lang, "ui.open"));
  }

  set(yaml: string): void {
    this.area.value = yaml;
    this.show([]);
  }

  private lines(): void {
    this.gutter.replaceChildren(...markedLines(this.area.value, this.marked).map((bad, i) => {
      const s = document.createElement("span");
      s.textContent = `${i + 1}\n`;
      if (bad) s.className = "bad";
      return s;
    }));
  }

  show(problems: readonly ProblemInfo[], lang: Lang = "en"): void {
    this.marked = problems;
    this.lines();
    if (problems.length === 0) { this.problems.replaceChildren(); return; }
    const head = document.createElement("li");
    head.className = "head";
    head.textContent = t(lang, "ui.problems");
    this.problems.replaceChildren(head, ...problems.map((p) => {
      const li = document.createElement("li");
      li.tabIndex = 0;
      li.textContent = p.text;
      li.dataset.line = String(p.line);
      li.onclick = () => this.select(p.line);
      return li;
    }));
  }

  private select(line: number): void {
    const lines = this.area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((s, l) => s + l.length + 1, 0);
    this.area.focus();
    this.area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  }
}
